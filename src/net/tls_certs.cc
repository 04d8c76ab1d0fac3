#include "net/tls_certs.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>

namespace vg::net {

namespace {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
  void operator()(ASN1_INTEGER* p) const { ASN1_INTEGER_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
};
template <class T>
using Ptr = std::unique_ptr<T, Free>;

std::string openssl_error(std::string_view what) {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  const char* reason = e ? ERR_reason_error_string(e) : nullptr;
  return std::string(what) + ": " + (reason ? reason : "OpenSSL error");
}

Result<std::string, std::string> to_pem(const std::function<int(BIO*)>& write) {
  Ptr<BIO> bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get()) != 1) return unexpected(openssl_error("PEM encoding"));
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

bool add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, issuer, cert, nullptr, nullptr, 0);
  Ptr<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &v3, nid, value));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

bool add_subject_alt_names(X509* cert, const CertificateRequest& r) {
  if (r.dns_names.empty() && r.ip_addresses.empty()) return true;
  Ptr<GENERAL_NAMES> names(sk_GENERAL_NAME_new_null());
  for (const auto& dns : r.dns_names) {
    GENERAL_NAME* g = GENERAL_NAME_new();
    ASN1_IA5STRING* s = ASN1_IA5STRING_new();
    ASN1_STRING_set(s, dns.data(), static_cast<int>(dns.size()));
    GENERAL_NAME_set0_value(g, GEN_DNS, s);
    sk_GENERAL_NAME_push(names.get(), g);
  }
  for (const auto& ip : r.ip_addresses) {
    GENERAL_NAME* g = GENERAL_NAME_new();
    ASN1_OCTET_STRING* s = ASN1_OCTET_STRING_new();
    const auto& bytes = ip.bytes();
    // IPv4 addresses are stored as 4 bytes (RFC 5280 §4.2.1.6).
    const unsigned char* data = ip.is_v4() ? bytes.data() + 12 : bytes.data();
    ASN1_OCTET_STRING_set(s, data, ip.is_v4() ? 4 : 16);
    GENERAL_NAME_set0_value(g, GEN_IPADD, s);
    sk_GENERAL_NAME_push(names.get(), g);
  }
  return X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) == 1;
}

}  // namespace

Result<PemPair, std::string> make_certificate(const CertificateRequest& r, const PemPair* issuer) {
  ERR_clear_error();
  Ptr<EVP_PKEY> key(EVP_EC_gen("P-256"));
  if (!key) return unexpected(openssl_error("EC key generation"));
  Ptr<X509> cert(X509_new());
  Ptr<EVP_PKEY> issuer_key;
  Ptr<X509> issuer_cert;
  if (issuer) {
    Ptr<BIO> kb(BIO_new_mem_buf(issuer->private_key.data(), static_cast<int>(issuer->private_key.size())));
    Ptr<BIO> cb(BIO_new_mem_buf(issuer->certificate.data(), static_cast<int>(issuer->certificate.size())));
    issuer_key.reset(PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr));
    issuer_cert.reset(PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr));
    if (!issuer_key || !issuer_cert) return unexpected(openssl_error("issuer"));
  }
  // A random 159-bit serial number (RFC 5280 §4.1.2.2: positive, at most 20 octets).
  unsigned char serial_bytes[20];
  if (RAND_bytes(serial_bytes, sizeof serial_bytes) != 1) return unexpected(openssl_error("serial number"));
  serial_bytes[0] &= 0x7f;
  Ptr<BIGNUM> serial(BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr));
  bool ok = X509_set_version(cert.get(), 2) == 1 && serial &&
            BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr &&
            X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(r.days) * 86400) != nullptr &&
            X509_set_pubkey(cert.get(), key.get()) == 1;
  X509_NAME* name = X509_get_subject_name(cert.get());
  ok = ok && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                        reinterpret_cast<const unsigned char*>(r.common_name.c_str()), -1, -1, 0) == 1;
  X509* signer_cert = issuer ? issuer_cert.get() : cert.get();
  ok = ok && X509_set_issuer_name(cert.get(), X509_get_subject_name(signer_cert)) == 1;
  if (r.ca) {
    ok = ok && add_extension(cert.get(), signer_cert, NID_basic_constraints, "critical,CA:TRUE") &&
         add_extension(cert.get(), signer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    ok = ok && add_extension(cert.get(), signer_cert, NID_basic_constraints, "critical,CA:FALSE") &&
         add_extension(cert.get(), signer_cert, NID_key_usage, "critical,digitalSignature") &&
         add_extension(cert.get(), signer_cert, NID_ext_key_usage, "serverAuth,clientAuth");
  }
  ok = ok && add_extension(cert.get(), signer_cert, NID_subject_key_identifier, "hash") &&
       add_subject_alt_names(cert.get(), r);
  if (issuer) ok = ok && add_extension(cert.get(), signer_cert, NID_authority_key_identifier, "keyid:always");
  if (!ok) return unexpected(openssl_error("certificate fields"));
  if (X509_sign(cert.get(), issuer ? issuer_key.get() : key.get(), EVP_sha256()) == 0) {
    return unexpected(openssl_error("signing"));
  }
  auto cert_pem = to_pem([&](BIO* b) { return PEM_write_bio_X509(b, cert.get()); });
  auto key_pem =
      to_pem([&](BIO* b) { return PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
  if (!cert_pem) return unexpected(cert_pem.error());
  if (!key_pem) return unexpected(key_pem.error());
  return PemPair{std::move(*cert_pem), std::move(*key_pem)};
}

namespace {

Result<void, std::string> write_file(const std::string& path, const std::string& data, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return unexpected(path + ": " + std::strerror(errno));
  // An existing file keeps its old mode through O_CREAT: force it.
  if (::fchmod(fd, mode) != 0) {
    int e = errno;
    ::close(fd);
    return unexpected(path + ": " + std::strerror(e));
  }
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return unexpected(path + ": " + std::strerror(e));
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return unexpected(path + ": " + std::strerror(errno));
  return {};
}

}  // namespace

Result<void, std::string> write_pem_pair(const PemPair& pair, const std::string& certificate_path,
                                         const std::string& key_path) {
  if (auto r = write_file(key_path, pair.private_key, 0600); !r) return r;
  return write_file(certificate_path, pair.certificate, 0644);
}

}  // namespace vg::net
