// The message being handled by the proxy core, shared by its translation units.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "proxy/proxy.h"

namespace vg::proxy {

struct ProxyCore::Ctx {
  const net::Inbound& in;
  net::Sender& out;
  const sip::Message& m;
  const Settings* settings;  // the thread's current snapshot (kept alive for the whole message)
  Clock::MonoTime now;       // read once when the message arrived
  TxnKey key;  // server transaction key (requests)
  uint64_t hash = 0;  // loop-detection hash of the request as received (computed once, on first use)
  bool hashed = false;
  // The Route set as far as it concerns us (routes_of() fills it once per message): whether every
  // entry parsed, how many leading entries are ours (consumed by loose routing, RFC 3261 §16.4), and
  // the next hop named by the first entry that is not ours.
  struct Routes {
    bool done = false;
    bool ok = false;
    size_t ours = 0;
    bool has_other = false;
    std::optional<net::Outbound> other_hop;
  } routes;
  [[nodiscard]] net::Outbound source() const {
    return net::Outbound{in.transport, in.source, in.connection, in.listener};
  }
};

}  // namespace vg::proxy
