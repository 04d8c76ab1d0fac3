#include "server/binding_store_adapter.h"

#include "log/log.h"

namespace vg::server {

namespace {

net::Transport transport_from(std::string_view s) {
  if (s == "TCP") return net::Transport::kTcp;
  if (s == "TLS") return net::Transport::kTls;
  return net::Transport::kUdp;
}

}  // namespace

void BindingStoreAdapter::save(const proxy::Binding& b) {
  store::BindingRecord r;
  r.aor = b.aor;
  r.contact = b.contact;
  r.call_id = b.call_id;
  r.cseq = b.cseq;
  r.expires_at = b.expires_at;
  r.registered_at = b.registered_at;
  r.source = b.source.to_string();
  r.transport = std::string(net::transport_name(b.transport));
  r.listener = static_cast<int64_t>(b.listener);
  r.behind_nat = b.behind_nat ? 1 : 0;
  r.user_agent = b.user_agent;
  r.q = b.q;
  repo_.save(r);
}

void BindingStoreAdapter::remove(std::string_view aor, std::string_view contact) {
  repo_.remove(std::string(aor), std::string(contact));
}

std::vector<proxy::Binding> BindingStoreAdapter::load_all() {
  std::vector<proxy::Binding> out;
  auto rows = repo_.load();
  if (!rows) {
    // The message names the table, never a stored value.
    log::warn("registrations not restored: {}", rows.error());
    return out;
  }
  for (auto& r : *rows) {
    auto src = Endpoint::parse(r.source);
    if (!src) continue;  // a row we cannot use is skipped, not fatal
    proxy::Binding b;
    b.aor = r.aor;
    b.contact = r.contact;
    b.call_id = r.call_id;
    b.cseq = static_cast<uint32_t>(r.cseq);
    b.expires_at = r.expires_at;
    b.registered_at = r.registered_at;
    b.source = *src;
    b.transport = transport_from(r.transport);
    b.listener = static_cast<size_t>(r.listener);
    b.behind_nat = r.behind_nat != 0;
    b.user_agent = r.user_agent;
    b.q = static_cast<float>(r.q);
    out.push_back(std::move(b));
  }
  return out;
}

void BindingStoreAdapter::flush() { (void)writer_.flush(); }

}  // namespace vg::server
