// SIP parser benchmark: voipguard's vg::sip::Message against libosip2 5.3 on the same realistic
// messages, measured in the same run. Each iteration parses one message and reads the fields a proxy
// needs (start line, Request-URI, top Via, From/To tags, Call-ID, CSeq, Contact, Content-Length).
// Before timing, both parsers' extracted values are checked against the expected ones; any mismatch
// aborts the program. After Google Benchmark's table, a summary prints msgs/s and the ratios.
#include <unistd.h>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

extern "C" {
#include <osipparser2/osip_message.h>
#include <osipparser2/osip_parser.h>
}

#include "sip/message.h"

namespace {

// ---------------------------------------------------------------------------------------------
// Messages

struct Fields {
  std::string method;  // request method, "" for responses
  int status = 0;      // 0 for requests
  std::string ruri_user, ruri_host;
  std::string via_branch, via_host;
  int via_port = 0;
  std::string from_tag, to_tag, call_id;
  unsigned long cseq_number = 0;
  std::string cseq_method;
  std::string contact_user, contact_host;
  long content_length = -1;  // -1: absent

  bool operator==(const Fields&) const = default;
};

struct Case {
  const char* name;
  std::string bytes;
  Fields expected;
};

std::string with_body(std::string headers, std::string_view body) {
  headers += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  headers += body;
  return headers;
}

// (a) REGISTER with Digest credentials (MD5, qop=auth), as a desktop softphone sends it after a 401.
Case register_case() {
  std::string m =
      "REGISTER sip:sip.example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 192.0.2.55:5060;branch=z9hG4bK.Xw3fqL9Zq;rport\r\n"
      "From: <sip:alice@sip.example.com>;tag=hd6BSpYnU\r\n"
      "To: sip:alice@sip.example.com\r\n"
      "CSeq: 21 REGISTER\r\n"
      "Call-ID: 7kQ2zV-Lm9aR3xYp\r\n"
      "Max-Forwards: 70\r\n"
      "Supported: replaces, outbound, gruu, path\r\n"
      "Accept: application/sdp, text/plain, application/vnd.gsma.rcs-ft-http+xml\r\n"
      "Contact: <sip:alice@192.0.2.55:5060;transport=udp>;expires=3600;"
      "+sip.instance=\"<urn:uuid:0b3f3a1e-8e2a-4c1e-9b7e-5f8b1d2c3a4e>\"\r\n"
      "Expires: 3600\r\n"
      "User-Agent: Linphone-Desktop/5.2.1 (belle-sip/5.2.0)\r\n"
      "Authorization: Digest realm=\"sip.example.com\", nonce=\"Yw3kZQAAAAB2dWx0dXJlLm5vbmNlLTk5OA==\", "
      "algorithm=MD5, opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", username=\"alice\", "
      "uri=\"sip:sip.example.com\", response=\"6629fae49393a05397450978507c4ef1\", "
      "cnonce=\"0a4f113b\", nc=00000001, qop=auth\r\n";
  Fields f;
  f.method = "REGISTER";
  f.ruri_user = "";
  f.ruri_host = "sip.example.com";
  f.via_branch = "z9hG4bK.Xw3fqL9Zq";
  f.via_host = "192.0.2.55";
  f.via_port = 5060;
  f.from_tag = "hd6BSpYnU";
  f.to_tag = "";
  f.call_id = "7kQ2zV-Lm9aR3xYp";
  f.cseq_number = 21;
  f.cseq_method = "REGISTER";
  f.contact_user = "alice";
  f.contact_host = "192.0.2.55";
  f.content_length = 0;
  return {"REGISTER", with_body(m, ""), f};
}

// (b) INVITE with a 15-line SDP offer, as a softphone sends it through an outbound proxy.
Case invite_case() {
  std::string m =
      "INVITE sip:bob@example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 198.51.100.23:5060;branch=z9hG4bK-524287-1---4c6e1b2fd1f0a1c3;rport\r\n"
      "Max-Forwards: 70\r\n"
      "Route: <sip:proxy.example.com;lr>\r\n"
      "Contact: <sip:alice@198.51.100.23:5060;transport=UDP>\r\n"
      "To: <sip:bob@example.com>\r\n"
      "From: \"Alice Smith\"<sip:alice@example.com>;tag=6e3a2f1b\r\n"
      "Call-ID: ZTg4YjQ5NzM1MjZlYjc2ZDM0OGE2YzFjYmI5NjAxZjI@198.51.100.23\r\n"
      "CSeq: 1 INVITE\r\n"
      "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE\r\n"
      "Content-Type: application/sdp\r\n"
      "Supported: replaces, norefersub, extended-refer, timer, outbound, path\r\n"
      "User-Agent: Zoiper v2.10.19.6\r\n"
      "Allow-Events: presence, kpml, talk\r\n";
  const std::string_view sdp =
      "v=0\r\n"
      "o=Zoiper 0 0 IN IP4 198.51.100.23\r\n"
      "s=Zoiper\r\n"
      "c=IN IP4 198.51.100.23\r\n"
      "t=0 0\r\n"
      "m=audio 52000 RTP/AVP 106 9 98 101 0 8 3\r\n"
      "a=rtpmap:106 opus/48000/2\r\n"
      "a=fmtp:106 sprop-maxcapturerate=16000; minptime=20; useinbandfec=1\r\n"
      "a=rtpmap:98 telephone-event/48000\r\n"
      "a=fmtp:98 0-16\r\n"
      "a=rtpmap:101 telephone-event/8000\r\n"
      "a=fmtp:101 0-16\r\n"
      "a=sendrecv\r\n"
      "a=rtcp-mux\r\n"
      "a=ptime:20\r\n";
  Fields f;
  f.method = "INVITE";
  f.ruri_user = "bob";
  f.ruri_host = "example.com";
  f.via_branch = "z9hG4bK-524287-1---4c6e1b2fd1f0a1c3";
  f.via_host = "198.51.100.23";
  f.via_port = 5060;
  f.from_tag = "6e3a2f1b";
  f.to_tag = "";
  f.call_id = "ZTg4YjQ5NzM1MjZlYjc2ZDM0OGE2YzFjYmI5NjAxZjI@198.51.100.23";
  f.cseq_number = 1;
  f.cseq_method = "INVITE";
  f.contact_user = "alice";
  f.contact_host = "198.51.100.23";
  f.content_length = static_cast<long>(sdp.size());
  return {"INVITE", with_body(m, sdp), f};
}

// (c) 200 OK to that INVITE after four proxies: five Vias, Record-Route (one line with a list), SDP answer.
Case ok200_case() {
  std::string m =
      "SIP/2.0 200 OK\r\n"
      "Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK3f1e.9b2c7a41d5e8f0a6b3c4d5e6f7a8b9c0.0\r\n"
      "Via: SIP/2.0/UDP 10.20.0.5:5070;branch=z9hG4bK-d8754z-a1b2c3d4e5f6a7b8-1---d8754z-;rport=5070\r\n"
      "Via: SIP/2.0/TCP 10.20.0.9:5060;branch=z9hG4bKcc1a.7b0e6f5d4c3b2a19.0;i=2a1\r\n"
      "Via: SIP/2.0/UDP 172.16.4.2:5060;branch=z9hG4bK5a9f8e7d6c;received=172.16.4.2\r\n"
      "Via: SIP/2.0/UDP 198.51.100.23:5060;received=198.51.100.23;rport=5060;"
      "branch=z9hG4bK-524287-1---4c6e1b2fd1f0a1c3\r\n"
      "Record-Route: <sip:203.0.113.10;lr;ftag=6e3a2f1b;did=3a1.b2c1>\r\n"
      "Record-Route: <sip:10.20.0.5:5070;lr>, <sip:10.20.0.9;transport=tcp;lr>\r\n"
      "Record-Route: <sip:172.16.4.2;lr>\r\n"
      "From: \"Alice Smith\"<sip:alice@example.com>;tag=6e3a2f1b\r\n"
      "To: <sip:bob@example.com>;tag=as5f1c2d3e\r\n"
      "Call-ID: ZTg4YjQ5NzM1MjZlYjc2ZDM0OGE2YzFjYmI5NjAxZjI@198.51.100.23\r\n"
      "CSeq: 1 INVITE\r\n"
      "Contact: <sip:bob@192.0.2.200:5062;transport=udp>\r\n"
      "Server: Asterisk PBX 18.10.0\r\n"
      "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH, MESSAGE\r\n"
      "Supported: replaces, timer\r\n"
      "Session-Expires: 1800;refresher=uac\r\n"
      "Require: timer\r\n"
      "Content-Type: application/sdp\r\n";
  const std::string_view sdp =
      "v=0\r\n"
      "o=root 1821945671 1821945671 IN IP4 192.0.2.200\r\n"
      "s=Asterisk PBX 18.10.0\r\n"
      "c=IN IP4 192.0.2.200\r\n"
      "t=0 0\r\n"
      "m=audio 17828 RTP/AVP 0 101\r\n"
      "a=rtpmap:0 PCMU/8000\r\n"
      "a=rtpmap:101 telephone-event/8000\r\n"
      "a=fmtp:101 0-16\r\n"
      "a=ptime:20\r\n"
      "a=sendrecv\r\n";
  Fields f;
  f.status = 200;
  f.via_branch = "z9hG4bK3f1e.9b2c7a41d5e8f0a6b3c4d5e6f7a8b9c0.0";
  f.via_host = "203.0.113.10";
  f.via_port = 5060;
  f.from_tag = "6e3a2f1b";
  f.to_tag = "as5f1c2d3e";
  f.call_id = "ZTg4YjQ5NzM1MjZlYjc2ZDM0OGE2YzFjYmI5NjAxZjI@198.51.100.23";
  f.cseq_number = 1;
  f.cseq_method = "INVITE";
  f.contact_user = "bob";
  f.contact_host = "192.0.2.200";
  f.content_length = static_cast<long>(sdp.size());
  return {"200-OK", with_body(m, sdp), f};
}

const std::vector<Case>& cases() {
  static const std::vector<Case> kCases = {register_case(), invite_case(), ok200_case()};
  return kCases;
}

// ---------------------------------------------------------------------------------------------
// voipguard

namespace sip = vg::sip;
using benchmark::DoNotOptimize;

// Reads every field (the timed path). Returns false if a typed accessor fails.
bool touch_vg(const sip::Message& m) {
  if (m.is_request()) {
    DoNotOptimize(m.method());
    DoNotOptimize(m.method_name());
    auto ruri = m.request_uri();
    if (!ruri) return false;
    DoNotOptimize((*ruri)->user);
    DoNotOptimize((*ruri)->host);
  } else {
    DoNotOptimize(m.status_code());
  }
  auto via = m.top_via();
  if (!via) return false;
  DoNotOptimize((*via)->branch);
  DoNotOptimize((*via)->host);
  DoNotOptimize((*via)->port);
  auto from = m.from();
  if (!from) return false;
  auto from_tag = (*from)->tag();
  DoNotOptimize(from_tag);
  auto to = m.to();
  if (!to) return false;
  auto to_tag = (*to)->tag();
  DoNotOptimize(to_tag);
  auto call_id = m.call_id();
  if (!call_id) return false;
  DoNotOptimize(*call_id);
  auto cseq = m.cseq();
  if (!cseq) return false;
  DoNotOptimize(cseq->number);
  DoNotOptimize(cseq->method_name);
  auto contact = m.contact();
  if (!contact) return false;
  DoNotOptimize((*contact)->uri.user);
  DoNotOptimize((*contact)->uri.host);
  DoNotOptimize(m.content_length());
  return true;
}

// Copies every field out (verification, untimed). Returns an error text or "".
std::string extract_vg(std::string_view bytes, Fields& f) {
  auto m = sip::Message::parse(bytes);
  if (!m) return "parse: " + std::string(sip::describe(m.error()));
  if (auto v = m->validate(); !v) return "validate: " + std::string(sip::describe(v.error()));
  if (m->is_request()) {
    f.method = std::string(m->method_name());
    auto ruri = m->request_uri();
    if (!ruri) return "request_uri";
    f.ruri_user = std::string((*ruri)->user);
    f.ruri_host = std::string((*ruri)->host);
  } else {
    f.status = m->status_code();
  }
  auto via = m->top_via();
  if (!via) return "top_via";
  f.via_branch = std::string((*via)->branch);
  f.via_host = std::string((*via)->host);
  f.via_port = (*via)->port;
  auto from = m->from();
  if (!from) return "from";
  f.from_tag = std::string((*from)->tag().value_or(""));
  auto to = m->to();
  if (!to) return "to";
  f.to_tag = std::string((*to)->tag().value_or(""));
  auto call_id = m->call_id();
  if (!call_id) return "call_id";
  f.call_id = std::string(*call_id);
  auto cseq = m->cseq();
  if (!cseq) return "cseq";
  f.cseq_number = cseq->number;
  f.cseq_method = std::string(cseq->method_name);
  auto contact = m->contact();
  if (!contact) return "contact";
  f.contact_user = std::string((*contact)->uri.user);
  f.contact_host = std::string((*contact)->uri.host);
  f.content_length = m->content_length() ? static_cast<long>(*m->content_length()) : -1;
  return "";
}

// ---------------------------------------------------------------------------------------------
// libosip2

// osip's lookup functions take a non-const char* name.
char kTag[] = "tag";
char kBranch[] = "branch";

const char* osip_param(osip_list_t* params, char* name) {
  osip_uri_param_t* p = nullptr;
  if (osip_uri_param_get_byname(params, name, &p) != OSIP_SUCCESS || p == nullptr) return nullptr;
  return p->gvalue;
}

std::string str(const char* s) { return s ? std::string(s) : std::string(); }

// Reads every field (the timed path), through the accessors an application would use.
bool touch_osip(osip_message_t* msg) {
  if (MSG_IS_REQUEST(msg)) {
    DoNotOptimize(msg->sip_method);
    if (msg->req_uri == nullptr) return false;
    DoNotOptimize(msg->req_uri->username);
    DoNotOptimize(msg->req_uri->host);
  } else {
    DoNotOptimize(msg->status_code);
  }
  osip_via_t* via = nullptr;
  if (osip_message_get_via(msg, 0, &via) < 0 || via == nullptr) return false;
  const char* branch = osip_param(&via->via_params, kBranch);
  if (branch == nullptr) return false;
  DoNotOptimize(branch);
  DoNotOptimize(via->host);
  DoNotOptimize(via->port);
  if (msg->from == nullptr || msg->to == nullptr) return false;
  const char* from_tag = osip_param(&msg->from->gen_params, kTag);
  DoNotOptimize(from_tag);
  const char* to_tag = osip_param(&msg->to->gen_params, kTag);
  DoNotOptimize(to_tag);
  osip_call_id_t* call_id = osip_message_get_call_id(msg);
  if (call_id == nullptr) return false;
  DoNotOptimize(call_id->number);
  DoNotOptimize(call_id->host);
  if (msg->cseq == nullptr) return false;
  DoNotOptimize(msg->cseq->number);
  DoNotOptimize(msg->cseq->method);
  osip_contact_t* contact = nullptr;
  if (osip_message_get_contact(msg, 0, &contact) < 0 || contact == nullptr || contact->url == nullptr) return false;
  DoNotOptimize(contact->url->username);
  DoNotOptimize(contact->url->host);
  if (msg->content_length == nullptr) return false;
  DoNotOptimize(msg->content_length->value);
  return true;
}

std::string extract_osip(std::string_view bytes, Fields& f) {
  osip_message_t* msg = nullptr;
  if (osip_message_init(&msg) != OSIP_SUCCESS) return "osip_message_init";
  struct Free {
    osip_message_t* m;
    ~Free() { osip_message_free(m); }
  } guard{msg};
  if (int rc = osip_message_parse(msg, bytes.data(), bytes.size()); rc != OSIP_SUCCESS) {
    return "osip_message_parse returned " + std::to_string(rc);
  }
  if (!touch_osip(msg)) return "a field is missing";
  if (MSG_IS_REQUEST(msg)) {
    f.method = str(msg->sip_method);
    f.ruri_user = str(msg->req_uri->username);
    f.ruri_host = str(msg->req_uri->host);
  } else {
    f.status = msg->status_code;
  }
  osip_via_t* via = nullptr;
  (void)osip_message_get_via(msg, 0, &via);
  f.via_branch = str(osip_param(&via->via_params, kBranch));
  f.via_host = str(via->host);
  f.via_port = via->port ? std::atoi(via->port) : 0;
  f.from_tag = str(osip_param(&msg->from->gen_params, kTag));
  f.to_tag = str(osip_param(&msg->to->gen_params, kTag));
  osip_call_id_t* call_id = osip_message_get_call_id(msg);
  f.call_id = str(call_id->number);
  if (call_id->host != nullptr) f.call_id.append("@").append(call_id->host);
  f.cseq_number = std::strtoul(str(msg->cseq->number).c_str(), nullptr, 10);
  f.cseq_method = str(msg->cseq->method);
  osip_contact_t* contact = nullptr;
  (void)osip_message_get_contact(msg, 0, &contact);
  f.contact_user = str(contact->url->username);
  f.contact_host = str(contact->url->host);
  f.content_length = std::atol(msg->content_length->value);
  return "";
}

// ---------------------------------------------------------------------------------------------
// Verification (untimed)

void print_fields(const char* who, const Fields& f) {
  std::fprintf(stderr,
               "  %-9s method=%s status=%d ruri=%s@%s via=%s:%d;branch=%s from.tag=%s to.tag=%s call-id=%s "
               "cseq=%lu %s contact=%s@%s content-length=%ld\n",
               who, f.method.c_str(), f.status, f.ruri_user.c_str(), f.ruri_host.c_str(), f.via_host.c_str(),
               f.via_port, f.via_branch.c_str(), f.from_tag.c_str(), f.to_tag.c_str(), f.call_id.c_str(),
               f.cseq_number, f.cseq_method.c_str(), f.contact_user.c_str(), f.contact_host.c_str(),
               f.content_length);
}

// Both parsers must accept the message and agree with the expected values. Returns "" when they do.
std::string verify(const Case& c, bool verbose) {
  Fields vg, os;
  std::string vg_err = extract_vg(c.bytes, vg);
  std::string os_err = extract_osip(c.bytes, os);
  std::string problem;
  if (!vg_err.empty()) problem += "voipguard rejected it (" + vg_err + "); ";
  if (!os_err.empty()) problem += "libosip2 rejected it (" + os_err + "); ";
  if (problem.empty() && !(vg == c.expected && os == c.expected)) problem = "field values differ; ";
  if (!problem.empty() && verbose) {
    std::fprintf(stderr, "%s: %s\n", c.name, problem.c_str());
    print_fields("expected", c.expected);
    print_fields("voipguard", vg);
    print_fields("libosip2", os);
  }
  return problem;
}

// ---------------------------------------------------------------------------------------------
// Benchmarks

template <bool kValidate>
void bm_voipguard(benchmark::State& state, const Case* c) {
  if (auto p = verify(*c, false); !p.empty()) {
    state.SkipWithError(p.c_str());
    return;
  }
  for (auto _ : state) {
    auto m = sip::Message::parse(c->bytes);
    if (!m) {
      state.SkipWithError("voipguard rejected the message");
      break;
    }
    if constexpr (kValidate) {
      if (!m->validate()) {
        state.SkipWithError("voipguard validate() failed");
        break;
      }
    }
    if (!touch_vg(*m)) {
      state.SkipWithError("voipguard field access failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(c->bytes.size()));
}

void bm_osip(benchmark::State& state, const Case* c) {
  if (auto p = verify(*c, false); !p.empty()) {
    state.SkipWithError(p.c_str());
    return;
  }
  for (auto _ : state) {
    osip_message_t* msg = nullptr;
    if (osip_message_init(&msg) != OSIP_SUCCESS) {
      state.SkipWithError("osip_message_init failed");
      break;
    }
    int rc = osip_message_parse(msg, c->bytes.data(), c->bytes.size());
    bool ok = rc == OSIP_SUCCESS && touch_osip(msg);
    osip_message_free(msg);
    if (!ok) {
      state.SkipWithError(rc != OSIP_SUCCESS ? "libosip2 rejected the message" : "libosip2 field access failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(c->bytes.size()));
}

constexpr const char* kImpls[] = {"voipguard", "voipguard+validate", "libosip2"};

std::string bench_name(const char* impl, const Case& c) { return std::string(impl) + "/" + c.name; }

// ---------------------------------------------------------------------------------------------
// Summary: console table as usual, plus items_per_second per benchmark (the median aggregate when
// repetitions are on, else the single run).

class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  using ConsoleReporter::ConsoleReporter;
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      if (r.error_occurred) continue;
      const bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
      const bool single = r.run_type == Run::RT_Iteration;
      if (!median && !single) continue;
      auto it = r.counters.find("items_per_second");
      if (it == r.counters.end()) continue;
      auto& slot = rates_[r.run_name.function_name];
      (median ? slot.median : slot.single) = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  [[nodiscard]] double rate(const std::string& name) const {
    auto it = rates_.find(name);
    if (it == rates_.end()) return 0.0;
    return it->second.median > 0 ? it->second.median : it->second.single;
  }

 private:
  struct Rate {
    double median = 0;
    double single = 0;
  };
  std::map<std::string, Rate> rates_;
};

std::string fmt_rate(double r) {
  if (r <= 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", r);
  return buf;
}

std::string fmt_ratio(double a, double b) {
  if (a <= 0 || b <= 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fx", a / b);
  return buf;
}

constexpr double kBar = 5.0;  // the project's bar: voipguard >= 5x libosip2 on every message type

void print_summary(const SummaryReporter& rep) {
  std::printf("\nSIP parser summary (parse + field access, msgs/s per core; medians when repeated)\n");
  std::printf("%-10s %14s %14s %14s %10s %12s %6s\n", "message", "voipguard", "vg+validate", "libosip2",
              "ratio", "ratio(val.)", "bar5x");
  for (const auto& c : cases()) {
    double vg = rep.rate(bench_name(kImpls[0], c));
    double vgv = rep.rate(bench_name(kImpls[1], c));
    double os = rep.rate(bench_name(kImpls[2], c));
    const char* bar = (vg <= 0 || os <= 0) ? "-" : (vg / os >= kBar ? "ok" : "BELOW");
    std::printf("%-10s %14s %14s %14s %10s %12s %6s\n", c.name, fmt_rate(vg).c_str(), fmt_rate(vgv).c_str(),
                fmt_rate(os).c_str(), fmt_ratio(vg, os).c_str(), fmt_ratio(vgv, os).c_str(), bar);
  }
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (parser_init() != OSIP_SUCCESS) {
    std::fprintf(stderr, "libosip2 parser_init() failed\n");
    return 1;
  }

  bool ok = true;
  for (const auto& c : cases()) ok = verify(c, true).empty() && ok;
  if (!ok) {
    std::fprintf(stderr, "parser_bench: the parsers disagree with the expected field values; not benchmarking\n");
    return 1;
  }

  for (const auto& c : cases()) {
    benchmark::RegisterBenchmark(bench_name(kImpls[0], c).c_str(), bm_voipguard<false>, &c);
    benchmark::RegisterBenchmark(bench_name(kImpls[1], c).c_str(), bm_voipguard<true>, &c);
    benchmark::RegisterBenchmark(bench_name(kImpls[2], c).c_str(), bm_osip, &c);
  }

  SummaryReporter reporter(isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_Color
                                                 : benchmark::ConsoleReporter::OO_None);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  print_summary(reporter);
  benchmark::Shutdown();
  return 0;
}
