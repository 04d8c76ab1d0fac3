#include "proxy/traffic.h"

#include <charconv>

#include "log/log.h"
#include "sip/scan.h"

namespace vg::proxy {

namespace {

std::string_view transport_label(std::size_t t) {
  constexpr std::string_view kNames[] = {"udp", "tcp", "tls"};
  return t < std::size(kNames) ? kNames[t] : "other";
}

std::string_view method_label(std::size_t m) {
  auto name = sip::method_name(static_cast<sip::Method>(m));
  return name.empty() ? std::string_view("other") : name;
}

// Status of a serialized response ("SIP/2.0 200 OK"), or 0 for a request.
int status_of(std::string_view bytes) {
  constexpr std::string_view kVersion = "SIP/2.0 ";
  if (bytes.substr(0, kVersion.size()) != kVersion || bytes.size() < kVersion.size() + 3) return 0;
  int code = 0;
  auto digits = bytes.substr(kVersion.size(), 3);
  std::from_chars(digits.data(), digits.data() + digits.size(), code);
  return code >= 100 && code <= 699 ? code : 0;
}

std::string_view first_token(std::string_view bytes) {
  auto end = bytes.find_first_of(" \r\n");
  return bytes.substr(0, end == std::string_view::npos ? bytes.size() : end);
}

}  // namespace

TrafficStats::TrafficStats() : latency_(metrics::latency_buckets_ns()) {}

void TrafficStats::received(const sip::Message& m, const net::Inbound& in) {
  const auto t = static_cast<std::size_t>(in.transport);
  if (m.is_request()) {
    requests_[kIn][t][static_cast<std::size_t>(m.method())].fetch_add(1, std::memory_order_relaxed);
  } else {
    responses_[kIn][t][static_cast<std::size_t>(m.status_code() / 100 - 1)].fetch_add(1, std::memory_order_relaxed);
  }
  if (!log::enabled(log::Level::kDebug)) return;
  auto call_id = m.call_id();
  if (m.is_request()) {
    log::debug("recv {} from {} {} call-id={}", m.method_name(), in.source.to_string(), net::transport_name(in.transport),
               call_id ? *call_id : std::string_view("-"));
  } else {
    log::debug("recv {} from {} {} call-id={}", m.status_code(), in.source.to_string(),
               net::transport_name(in.transport), call_id ? *call_id : std::string_view("-"));
  }
}

void TrafficStats::sent(std::string_view bytes, const net::Outbound& to) {
  if (bytes.empty() || bytes.front() == '\r') return;  // a CRLF keepalive, not a SIP message
  const auto t = static_cast<std::size_t>(to.transport);
  const int status = status_of(bytes);
  std::string_view method;
  if (status) {
    responses_[kOut][t][static_cast<std::size_t>(status / 100 - 1)].fetch_add(1, std::memory_order_relaxed);
  } else {
    method = first_token(bytes);
    requests_[kOut][t][static_cast<std::size_t>(sip::method_from(method))].fetch_add(1, std::memory_order_relaxed);
  }
  if (!log::enabled(log::Level::kDebug)) return;
  auto call_id = scan_call_id(bytes);
  if (call_id.empty()) call_id = "-";
  if (status) {
    log::debug("send {} to {} {} call-id={}", status, to.destination.to_string(), net::transport_name(to.transport),
               call_id);
  } else {
    log::debug("send {} to {} {} call-id={}", method, to.destination.to_string(), net::transport_name(to.transport),
               call_id);
  }
}

void TrafficStats::collect(metrics::Writer& w) const {
  for (std::size_t d = 0; d < 2; ++d) {
    const std::string dir = d == kIn ? "in" : "out";
    for (std::size_t t = 0; t < net::kTransportCount; ++t) {
      for (std::size_t m = 0; m < kMethods; ++m) {
        const auto v = requests_[d][t][m].load(std::memory_order_relaxed);
        if (v == 0) continue;  // a line per method ever seen, not 90 zeros
        w.counter("voipguard_sip_requests_total", "SIP requests received (in) and sent (out)",
                  {{"direction", dir}, {"transport", std::string(transport_label(t))},
                   {"method", std::string(method_label(m))}},
                  static_cast<double>(v));
      }
      for (std::size_t c = 0; c < kClasses; ++c) {
        const auto v = responses_[d][t][c].load(std::memory_order_relaxed);
        if (v == 0) continue;
        w.counter("voipguard_sip_responses_total", "SIP responses received (in) and sent (out) by status class",
                  {{"direction", dir}, {"transport", std::string(transport_label(t))},
                   {"class", std::to_string(c + 1) + "xx"}},
                  static_cast<double>(v));
      }
    }
  }
  w.histogram("voipguard_message_processing_seconds", "Time the proxy core spent on one received message",
              {}, latency_);
}

std::string_view scan_call_id(std::string_view bytes) {
  std::size_t pos = 0;
  while ((pos = bytes.find('\n', pos)) != std::string_view::npos) {
    ++pos;
    auto line = bytes.substr(pos);
    auto colon = line.find(':');
    auto eol = line.find_first_of("\r\n");
    if (colon == std::string_view::npos || (eol != std::string_view::npos && colon > eol)) {
      if (eol == 0) return {};  // end of headers
      continue;
    }
    auto name = line.substr(0, colon);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    if (sip::scan::iequals(name, "Call-ID") || sip::scan::iequals(name, "i")) {
      auto value = line.substr(colon + 1, eol == std::string_view::npos ? std::string_view::npos : eol - colon - 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      return value;
    }
  }
  return {};
}

}  // namespace vg::proxy
