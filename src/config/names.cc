// Name syntax checks and the text forms of configuration enums.
#include "config/names.h"

#include <algorithm>

#include "config/config.h"

namespace vg::config {

namespace detail {

namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool is_name_token(std::string_view s) {
  if (s.empty() || s.size() > kMaxNameLength || !is_alnum(s.front())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '_' || c == '.' || c == '-'; });
}

bool is_hostname(std::string_view s) {
  if (s.empty() || s.size() > kMaxHostnameLength) return false;
  size_t start = 0;
  while (true) {
    const size_t dot = s.find('.', start);
    const std::string_view label =
        s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    if (!std::all_of(label.begin(), label.end(), [](char c) { return is_alnum(c) || c == '-'; })) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_sip_user(std::string_view s) {
  // unreserved = alphanum / - _ . ! ~ * ' ( ) ; user-unreserved = & = + $ , ; ? /
  constexpr std::string_view kExtra = "-_.!~*'()&=+$,;?/";
  if (s.empty() || s.size() > kMaxUserLength) return false;
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return is_alnum(c) || kExtra.find(c) != std::string_view::npos; });
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool icontains(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return false;
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                     [](char x, char y) { return lower(x) == lower(y); }) != haystack.end();
}

}  // namespace detail

std::string_view to_string(Mode m) { return m == Mode::kRegistrar ? "registrar" : "edge"; }

std::string_view to_string(Transport t) {
  switch (t) {
    case Transport::kUdp: return "udp";
    case Transport::kTcp: return "tcp";
    case Transport::kTls: return "tls";
  }
  return "?";
}

std::string_view to_string(TlsVerify v) {
  switch (v) {
    case TlsVerify::kNone: return "none";
    case TlsVerify::kOptional: return "optional";
    case TlsVerify::kRequired: return "required";
  }
  return "?";
}

std::string_view to_string(LogLevel l) {
  switch (l) {
    case LogLevel::kTrace:
      return "trace";
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

std::string_view to_string(LogFormat f) { return f == LogFormat::kText ? "text" : "json"; }

std::string_view to_string(NatKeepalive k) {
  switch (k) {
    case NatKeepalive::kOptions:
      return "options";
    case NatKeepalive::kCrlf:
      return "crlf";
    case NatKeepalive::kNone:
      return "none";
  }
  return "none";
}

std::string_view to_string(DigestAlgorithm a) { return a == DigestAlgorithm::kSha256 ? "SHA-256" : "MD5"; }

std::string_view to_string(CredentialSource c) {
  switch (c) {
    case CredentialSource::kPassword:
      return "password";
    case CredentialSource::kHa1:
      return "ha1";
    case CredentialSource::kGenerate:
      return "generate_password";
  }
  return "generate_password";
}

}  // namespace vg::config
