// What the proxy core needs from the configuration, resolved by the server: the validated Config
// (with generated account hashes filled in), upstream addresses, and our listeners' addresses.
// Immutable; swapped whole on reload.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/config.h"
#include "core/ip.h"
#include "net/transport.h"

namespace vg::proxy {

struct ListenerInfo {
  net::Transport transport = net::Transport::kUdp;
  Endpoint bound;          // the address the socket is bound to
  std::string advertised;  // host[:port] written in our Via and Record-Route
};

struct Settings {
  config::Config config;
  std::unordered_map<std::string, net::Outbound> upstreams;  // by upstream name
  std::vector<ListenerInfo> listeners;

  // The listener to send from towards `to` (same transport and address family), or nullptr.
  [[nodiscard]] const ListenerInfo* listener_for(const net::Outbound& to, size_t* index = nullptr) const;
  // True if host:port names one of our listeners (Route / Request-URI pointing at us).
  [[nodiscard]] bool is_us(std::string_view host, uint16_t port) const;
  // True if host is the address of one of our listeners, whatever the port.
  [[nodiscard]] bool is_our_host(std::string_view host) const;
  // True if `ep` is the address of a configured upstream (PBX/trunk): calls from it are trusted.
  [[nodiscard]] bool is_upstream(const Endpoint& ep) const;
};

using SettingsPtr = std::shared_ptr<const Settings>;

}  // namespace vg::proxy
