#include "proxy/settings.h"

#include "sip/scan.h"

namespace vg::proxy {

const ListenerInfo* Settings::listener_for(const net::Outbound& to, size_t* index) const {
  for (size_t i = 0; i < listeners.size(); ++i) {
    const auto& l = listeners[i];
    if (l.transport == to.transport && l.bound.address.is_v4() == to.destination.address.is_v4()) {
      if (index) *index = i;
      return &l;
    }
  }
  return nullptr;
}

bool Settings::is_us(std::string_view host, uint16_t port) const {
  if (!host.empty() && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  for (const auto& l : listeners) {
    const uint16_t p = port == 0 ? 5060 : port;
    if (p != l.bound.port) continue;
    if (l.bound.address.to_string() == host) return true;
    std::string_view adv = l.advertised;
    if (auto colon = adv.rfind(':'); colon != std::string_view::npos && adv.find(']') == std::string_view::npos &&
                                     adv.find(':') == colon) {
      adv = adv.substr(0, colon);
    }
    if (sip::scan::iequals(adv, host)) return true;
  }
  return false;
}

bool Settings::is_our_host(std::string_view host) const {
  if (!host.empty() && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  for (const auto& l : listeners) {
    if (l.bound.address.to_string() == host) return true;
  }
  return false;
}

bool Settings::is_upstream(const Endpoint& ep) const {
  for (const auto& [name, out] : upstreams) {
    if (out.destination.address == ep.address) return true;
  }
  return false;
}

}  // namespace vg::proxy
