// Certificates made by voipguard itself (OpenSSL 3 EVP and X509 APIs): the self-signed
// certificate of the embedded default's TLS listener, and the CA / server / client certificates
// the tests need. EC P-256 keys, SHA-256 signatures, subjectAltName entries as given.
#pragma once

#include <string>
#include <vector>

#include "core/ip.h"
#include "core/result.h"

namespace vg::net {

struct CertificateRequest {
  std::string common_name = "voipguard";
  std::vector<std::string> dns_names;  // subjectAltName dNSName entries
  std::vector<IpAddress> ip_addresses;  // subjectAltName iPAddress entries
  int days = 825;
  bool ca = false;  // basicConstraints CA:TRUE, keyCertSign
};

struct PemPair {
  std::string certificate;
  std::string private_key;
};

// Signed by issuer (a CA made by this function), or self-signed when issuer is null.
Result<PemPair, std::string> make_certificate(const CertificateRequest& request, const PemPair* issuer = nullptr);

// Writes both files; the key is created with mode 0600 (never readable by others, even briefly).
Result<void, std::string> write_pem_pair(const PemPair& pair, const std::string& certificate_path,
                                         const std::string& key_path);

}  // namespace vg::net
