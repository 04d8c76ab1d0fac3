#include "sip_json.h"

#include <string>

#include "sdp/parser.h"
#include "sdp/session.h"
#include "sip/scan.h"

namespace vg::app {

namespace {

using json = nlohmann::ordered_json;

std::string s(std::string_view v) { return std::string(v); }

std::string_view scheme_name(sip::UriScheme sc) {
  switch (sc) {
    case sip::UriScheme::kSip: return "sip";
    case sip::UriScheme::kSips: return "sips";
    case sip::UriScheme::kTel: return "tel";
    case sip::UriScheme::kOther: return "other";
  }
  return "other";
}

json params_json(const sip::ParamList& params) {
  json j = json::object();
  auto c = params.cursor();
  sip::Param p;
  while (c.next(p)) j[s(p.name)] = p.has_value ? json(s(p.value)) : json(true);
  return j;
}

json uri_json(const sip::Uri& u) {
  json j;
  j["raw"] = s(u.raw);
  j["scheme"] = s(scheme_name(u.scheme));
  if (u.scheme == sip::UriScheme::kOther) {
    j["scheme_name"] = s(u.scheme_name);
    j["opaque"] = s(u.opaque);
    return j;
  }
  if (!u.user.empty()) j["user"] = s(u.user);
  if (u.has_password) j["password_present"] = true;  // never echo a password
  if (!u.host.empty()) j["host"] = s(u.host);
  if (u.port) j["port"] = u.port;
  if (!u.params.empty()) j["params"] = params_json(u.params);
  if (!u.headers.empty()) j["headers"] = s(u.headers);
  return j;
}

json name_addr_json(const sip::NameAddr& na) {
  json j;
  if (na.star) {
    j["star"] = true;
    return j;
  }
  if (!na.display_name.empty()) j["display_name"] = s(na.display_name);
  j["uri"] = uri_json(na.uri);
  if (!na.params.empty()) j["params"] = params_json(na.params);
  if (auto tag = na.tag()) j["tag"] = s(*tag);
  return j;
}

json via_json(const sip::Via& v) {
  json j;
  j["protocol"] = s(v.protocol_name) + "/" + s(v.protocol_version);
  j["transport"] = s(v.transport);
  j["host"] = s(v.host);
  if (v.port) j["port"] = v.port;
  if (!v.branch.empty()) j["branch"] = s(v.branch);
  if (!v.received.empty()) j["received"] = s(v.received);
  if (v.has_rport) j["rport"] = v.rport ? json(*v.rport) : json(true);
  if (!v.maddr.empty()) j["maddr"] = s(v.maddr);
  if (v.ttl) j["ttl"] = *v.ttl;
  return j;
}

json auth_json(const sip::DigestParams& d) {
  json j;
  j["scheme"] = s(d.scheme);
  if (!d.is_digest) return j;
  // Identifiers only: response, cnonce and nonce values are credentials material and never printed.
  if (d.has_username) j["username"] = s(d.username);
  if (d.has_realm) j["realm"] = s(d.realm);
  if (d.has_uri) j["uri"] = s(d.uri);
  if (d.has_algorithm) j["algorithm"] = s(d.algorithm);
  if (d.has_qop) j["qop"] = s(d.qop);
  if (d.has_nc) j["nc"] = s(d.nc);
  if (d.has_stale) j["stale"] = s(d.stale);
  j["nonce_present"] = d.has_nonce;
  j["response_present"] = d.has_response;
  return j;
}

// What an operator needs to see of an SDP body: addresses, ports, codecs and which SRTP suites are
// offered. Key material (a=crypto inline keys, ICE passwords) is never printed.
json sdp_json(std::string_view body) {
  json j;
  auto d = sdp::parse(body);
  if (!d) {
    j["valid"] = false;
    j["error"] = s(sdp::error_name(d.error()));
    j["reason"] = s(sdp::describe(d.error()));
    return j;
  }
  j["valid"] = true;
  j["origin_address"] = s(d->origin().address);
  if (d->connection()) j["connection"] = s(d->connection()->address);
  json media = json::array();
  for (const auto& m : d->media()) {
    json mj;
    mj["media"] = s(m.media());
    mj["port"] = m.port();
    mj["proto"] = s(m.proto());
    if (m.effective_connection()) mj["connection"] = s(m.effective_connection()->address);
    mj["direction"] = s(sdp::direction_name(m.direction()));
    json codecs = json::array();
    for (auto r : m.rtpmaps()) codecs.push_back(std::to_string(r.payload_type) + " " + s(r.encoding) + "/" + std::to_string(r.clock_rate));
    mj["codecs"] = codecs;
    json suites = json::array();
    for (auto c : m.cryptos()) suites.push_back(s(c.suite_name));
    if (!suites.empty()) mj["srtp_suites"] = suites;
    if (m.fingerprint()) mj["dtls_fingerprint"] = true;
    if (m.rtcp_mux()) mj["rtcp_mux"] = true;
    media.push_back(mj);
  }
  j["media"] = media;
  return j;
}

}  // namespace

nlohmann::ordered_json message_to_json(const sip::Message& m) {
  json j;
  j["valid"] = true;
  if (m.is_request()) {
    j["type"] = "request";
    j["method"] = s(m.method_name());
    j["request_uri"] = uri_json(**m.request_uri());
  } else {
    j["type"] = "response";
    j["status"] = m.status_code();
    j["reason"] = s(m.reason());
  }
  j["version"] = s(m.version());

  // One entry per header line, in order; comma lists show their split values too.
  json headers = json::array();
  auto fields = m.headers();
  for (size_t i = 0; i < fields.size();) {
    size_t k = i + 1;
    while (k < fields.size() && fields[k].line_begin == fields[i].line_begin) ++k;
    const auto& h = fields[i];
    json hj;
    hj["name"] = h.id == sip::HeaderId::kUnknown ? s(h.name) : s(sip::canonical_name(h.id));
    if (h.name != hj["name"].get<std::string>()) hj["as_written"] = s(h.name);
    const bool secret = h.id == sip::HeaderId::kAuthorization || h.id == sip::HeaderId::kProxyAuthorization;
    if (secret) {
      hj["value"] = "(credentials; see typed)";
    } else if (k - i == 1) {
      hj["value"] = s(h.value);
    } else {
      json values = json::array();
      for (size_t x = i; x < k; ++x) values.push_back(s(fields[x].value));
      hj["values"] = values;
    }
    headers.push_back(hj);
    i = k;
  }
  j["headers"] = headers;

  json typed;
  if (auto vias = m.vias()) {
    json arr = json::array();
    for (const auto& v : *vias) arr.push_back(via_json(v));
    typed["via"] = arr;
  }
  if (auto f = m.from()) typed["from"] = name_addr_json(**f);
  if (auto t = m.to()) typed["to"] = name_addr_json(**t);
  if (auto c = m.call_id()) typed["call_id"] = s(*c);
  if (auto c = m.cseq()) typed["cseq"] = {{"number", c->number}, {"method", s(c->method_name)}};
  if (auto mf = m.max_forwards()) typed["max_forwards"] = *mf;
  if (auto e = m.expires()) typed["expires"] = *e;
  if (auto cs = m.contacts(); cs && !cs->empty()) {
    json arr = json::array();
    for (const auto& c : *cs) arr.push_back(name_addr_json(c));
    typed["contact"] = arr;
  }
  for (auto id : {sip::HeaderId::kRoute, sip::HeaderId::kRecordRoute}) {
    if (auto rs = m.routes(id); rs && !rs->empty()) {
      json arr = json::array();
      for (const auto& r : *rs) arr.push_back(name_addr_json(r));
      typed[id == sip::HeaderId::kRoute ? "route" : "record_route"] = arr;
    }
  }
  for (auto id : {sip::HeaderId::kAuthorization, sip::HeaderId::kProxyAuthorization, sip::HeaderId::kWwwAuthenticate,
                  sip::HeaderId::kProxyAuthenticate}) {
    if (auto a = m.auth(id)) {
      std::string key(sip::canonical_name(id));
      for (auto& ch : key) ch = ch == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      typed[key] = auth_json(*a);
    }
  }
  if (auto cl = m.content_length()) typed["content_length"] = *cl;
  if (!m.content_type().empty()) typed["content_type"] = s(m.content_type());
  if (!m.user_agent().empty()) typed["user_agent"] = s(m.user_agent());
  if (!m.server().empty()) typed["server"] = s(m.server());
  j["typed"] = typed;
  j["body_length"] = m.body().size();
  if (!m.body().empty() && sip::scan::iequals(m.content_type(), "application/sdp")) j["sdp"] = sdp_json(m.body());
  return j;
}

}  // namespace vg::app
