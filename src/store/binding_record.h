// One registration binding as stored: a plain row of the registrations table, with no dependency on
// the proxy's types (the proxy converts its bindings to and from this).
#pragma once

#include <cstdint>
#include <string>

namespace vg::store {

struct BindingRecord {
  std::string aor;            // address of record, e.g. "sip:alice@example.com"
  std::string contact;        // Contact URI; (aor, contact) is the key
  std::string call_id;
  int64_t cseq = 0;
  int64_t expires_at = 0;     // unix seconds
  int64_t registered_at = 0;  // unix seconds
  std::string source;         // "ip:port" the REGISTER came from ("[v6]:port" for IPv6)
  std::string transport;      // "UDP", "TCP" or "TLS"
  int64_t listener = 0;       // index of the listening socket the REGISTER arrived on
  int64_t behind_nat = 0;     // 0 or 1
  std::string user_agent;
  double q = 1.0;             // RFC 3261 §20.10 q-value, 0..1

  bool operator==(const BindingRecord&) const = default;
};

}  // namespace vg::store
