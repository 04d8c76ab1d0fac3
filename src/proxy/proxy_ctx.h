// The message being handled by the proxy core, shared by its translation units.
#pragma once

#include <cstdint>
#include <string>

#include "proxy/proxy.h"

namespace vg::proxy {

struct ProxyCore::Ctx {
  const net::Inbound& in;
  net::Sender& out;
  const sip::Message& m;
  SettingsPtr settings;
  std::string key;  // server transaction key (requests)
  uint64_t hash = 0;  // loop-detection hash of the request as received (computed once, on first use)
  bool hashed = false;
  [[nodiscard]] net::Outbound source() const {
    return net::Outbound{in.transport, in.source, in.connection, in.listener};
  }
};

}  // namespace vg::proxy
