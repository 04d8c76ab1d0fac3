#include "proxy/build.h"

#include <charconv>

#include "sip/header_id.h"
#include "sip/name_addr.h"
#include "sip/scan.h"

namespace vg::proxy {

namespace {

void add(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

bool clean(std::string_view v) { return v.find_first_of("\r\n") == std::string_view::npos; }

}  // namespace

std::optional<std::string> build_raw_error_response(std::string_view data, int status, std::string_view reason) {
  // The start line must look like a request: "METHOD SP ..."; a response or garbage is dropped.
  size_t eol = data.find('\n');
  if (eol == std::string_view::npos) return std::nullopt;
  std::string_view first = sip::scan::trim(data.substr(0, eol));
  size_t sp = first.find(' ');
  if (sp == std::string_view::npos || sp == 0 || !sip::scan::is_token_str(first.substr(0, sp))) return std::nullopt;
  if (first.substr(0, 4) == "SIP/" || first.substr(0, sp) == "ACK") return std::nullopt;
  std::string vias, from, to, call_id, cseq;
  size_t pos = eol + 1;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    std::string_view line = data.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? data.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = sip::scan::trim(line.substr(colon + 1));
    if (value.find('\0') != std::string_view::npos || !clean(value) || value.size() > 1024) continue;
    switch (sip::lookup_header(sip::scan::trim(line.substr(0, colon)))) {
      case sip::HeaderId::kVia: add(vias, "Via", value); break;
      case sip::HeaderId::kFrom: if (from.empty()) from = value; break;
      case sip::HeaderId::kTo: if (to.empty()) to = value; break;
      case sip::HeaderId::kCallId: if (call_id.empty()) call_id = value; break;
      case sip::HeaderId::kCSeq: if (cseq.empty()) cseq = value; break;
      default: break;
    }
  }
  if (vias.empty()) return std::nullopt;
  std::string out = "SIP/2.0 " + std::to_string(status) + " ";
  out.append(reason);
  out.append("\r\n");
  out.append(vias);
  if (!from.empty()) add(out, "From", from);
  if (!to.empty()) add(out, "To", to);
  if (!call_id.empty()) add(out, "Call-ID", call_id);
  if (!cseq.empty()) add(out, "CSeq", cseq);
  add(out, "Content-Length", "0");
  out.append("\r\n");
  return out;
}

void fix_via_received(const sip::Via& via, const Endpoint& source, std::string& v) {
  v.append(via.protocol_name);
  v.push_back('/');
  v.append(via.protocol_version);
  v.push_back('/');
  v.append(via.transport);
  v.push_back(' ');
  v.append(via.host);
  char digits[8];
  if (via.port) {
    v.push_back(':');
    auto r = std::to_chars(digits, digits + sizeof digits, via.port);
    v.append(digits, static_cast<size_t>(r.ptr - digits));
  }
  // The parameters as written, but received and rport, which are replaced below.
  sip::scan_params(via.params.raw(), true, [&v](const sip::Param& p) {
    const bool replaced = (p.name.size() == 8 && sip::scan::iequals(p.name, "received")) ||
                          (p.name.size() == 5 && sip::scan::iequals(p.name, "rport"));
    if (!replaced) {
      v.push_back(';');
      v.append(p.name);
      if (p.has_value) {
        v.push_back('=');
        v.append(p.value);
      }
    }
    return true;
  });
  v.append(";received=");
  v.append(source.address.to_string());
  if (via.has_rport) {
    v.append(";rport=");
    auto r = std::to_chars(digits, digits + sizeof digits, source.port);
    v.append(digits, static_cast<size_t>(r.ptr - digits));
  }
}

std::string contact_uri_of(std::string_view value) {
  auto na = sip::parse_name_addr(value, sip::kMaxUriLength, false);
  if (!na) return std::string(value);
  return std::string(na->uri.raw);
}

std::optional<std::string> nat_fixed_contact(const sip::Message& m, const net::Inbound& in) {
  auto c = m.contact();
  if (!c || (*c)->star || !(*c)->uri.is_sip_or_sips()) return std::nullopt;
  const sip::Uri& u = (*c)->uri;
  const uint16_t port = u.port ? u.port : 5060;
  const std::string src_ip = in.source.address.to_string();
  if (u.host_bare() == src_ip && port == in.source.port) return std::nullopt;
  std::string uri = u.scheme == sip::UriScheme::kSips ? "sips:" : "sip:";
  if (!u.user.empty()) {
    uri.append(u.user);
    uri.push_back('@');
  }
  uri.append(in.source.to_string());
  // The UA's own URI parameters stay (e.g. RFC 5626 `ob`, a line or device id its PBX relies on);
  // transport and maddr described the unreachable address and are replaced by where it really is.
  sip::Param p;
  for (auto cur = u.params.cursor(); cur.next(p);) {
    if (sip::scan::iequals(p.name, "transport") || sip::scan::iequals(p.name, "maddr")) continue;
    uri.push_back(';');
    uri.append(p.name);
    if (p.has_value) {
      uri.push_back('=');
      uri.append(p.value);
    }
  }
  if (in.transport == net::Transport::kTcp) uri.append(";transport=tcp");
  if (in.transport == net::Transport::kTls && u.scheme != sip::UriScheme::kSips) uri.append(";transport=tls");
  std::string value = "<" + uri + ">";
  if (!(*c)->params.empty()) {
    value.push_back(';');
    value.append((*c)->params.raw());
  }
  return value;
}

namespace {
// ACK for a non-2xx and CANCEL belong to the INVITE's transaction (RFC 3261 §17.1.1.3, §9.1): same
// Request-URI, top Via (our branch), Route set, From, Call-ID and CSeq number; only the method and,
// for ACK, the To (with the responder's tag) differ.
std::string build_in_invite_transaction(const sip::Message& inv, std::string_view method, std::string_view to) {
  std::string out(method);
  out.push_back(' ');
  out.append(inv.request_uri_text());
  out.append(" SIP/2.0\r\n");
  if (const auto* v = inv.header(sip::HeaderId::kVia)) add(out, "Via", v->value);
  for (const auto& h : inv.headers()) {
    if (h.id == sip::HeaderId::kRoute) add(out, "Route", h.value);
  }
  add(out, "Max-Forwards", "70");
  add(out, "From", inv.header(sip::HeaderId::kFrom)->value);
  add(out, "To", to);
  add(out, "Call-ID", *inv.call_id());
  add(out, "CSeq", std::to_string(inv.cseq()->number) + " " + std::string(method));
  add(out, "Content-Length", "0");
  out.append("\r\n");
  return out;
}
}  // namespace

std::string build_ack(const sip::Message& inv, const sip::Message& response) {
  return build_in_invite_transaction(inv, "ACK", response.header(sip::HeaderId::kTo)->value);
}

std::string build_cancel(const sip::Message& inv) {
  return build_in_invite_transaction(inv, "CANCEL", inv.header(sip::HeaderId::kTo)->value);
}

std::string build_bye(const Dialog& d, bool to_callee, std::string_view via, std::string_view reason) {
  const DialogParty& target = to_callee ? d.callee : d.caller;
  const DialogParty& sender = to_callee ? d.caller : d.callee;
  std::string out = "BYE ";
  out.append(target.target);
  out.append(" SIP/2.0\r\n");
  add(out, "Via", via);
  add(out, "Max-Forwards", "70");
  // From/To as the party we speak for would write them (RFC 3261 §12.2.1.1).
  add(out, "From", to_callee ? d.from : d.to);
  add(out, "To", to_callee ? d.to : d.from);
  add(out, "Call-ID", d.call_id);
  add(out, "CSeq", std::to_string(sender.cseq + 1) + " BYE");
  // RFC 3326: say why the call ended.
  std::string r = "SIP;cause=200;text=\"";
  for (char ch : reason) {
    if (ch != '"' && ch != '\\' && ch != '\r' && ch != '\n') r.push_back(ch);
  }
  r.push_back('"');
  add(out, "Reason", r);
  add(out, "Content-Length", "0");
  out.append("\r\n");
  return out;
}

}  // namespace vg::proxy
