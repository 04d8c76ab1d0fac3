#include "sdp/rewriter.h"

#include <charconv>
#include <limits>

#include "sdp/parser.h"
#include "sdp/scan.h"

namespace vg::sdp {
namespace {

using Status = Result<void, Error>;

bool removed(std::string_view name, const std::vector<std::string_view>& a, const std::vector<std::string_view>* b) {
  for (std::string_view p : a) {
    if (attribute_name_matches(name, p)) return true;
  }
  if (b != nullptr) {
    for (std::string_view p : *b) {
      if (attribute_name_matches(name, p)) return true;
    }
  }
  return false;
}

Status check_address(const std::optional<std::string_view>& address) {
  if (address && !literal_address_type(*address)) return unexpected(Error::kBadAddress);
  return {};
}

Status check_attributes(const std::vector<NewAttribute>& attributes) {
  for (const NewAttribute& a : attributes) {
    // The value becomes part of one line: no line breaks, no NUL (RFC 8866 §9 byte-string).
    if (!scan::is_token(a.name) || a.value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
      return unexpected(Error::kBadAttribute);
    }
  }
  return {};
}

Status check_proto(std::string_view proto, const MediaDescription& m) {
  bool rtp = false;
  scan::Splitter parts(proto, '/');
  while (!parts.done()) {
    const std::string_view part = parts.next();
    if (!scan::is_token(part)) return unexpected(Error::kBadProto);
    if (scan::iequals(part, "RTP")) rtp = true;
  }
  // An RTP profile needs payload-type formats (RFC 3551 §3); "t38" under RTP/AVP would not parse.
  if (rtp && !m.is_rtp()) {
    for (std::string_view fmt : m.format_list()) {
      if (!scan::parse_uint<uint8_t>(fmt, 127, 3)) return unexpected(Error::kBadProto);
    }
  }
  return {};
}

class Writer {
 public:
  explicit Writer(size_t reserve) { out_.reserve(reserve); }

  void line(char type, std::string_view value) {
    out_ += type;
    out_ += '=';
    out_ += value;
    out_ += "\r\n";
  }
  void begin(char type) {
    out_ += type;
    out_ += '=';
  }
  Writer& put(std::string_view s) {
    out_ += s;
    return *this;
  }
  Writer& put(uint32_t n) {
    char buf[16];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    out_.append(buf, r.ptr);
    return *this;
  }
  void end() { out_ += "\r\n"; }

  void connection(std::string_view address) {
    begin('c');
    put("IN ").put(addrtype_name(*literal_address_type(address))).put(" ").put(address);
    end();
  }
  void attribute(const NewAttribute& a) {
    begin('a');
    put(a.name);
    if (!a.value.empty()) put(":").put(a.value);
    end();
  }

  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Rewriter {
 public:
  Rewriter(const SessionDescription& sd, const Rewrite& rw) : sd_(sd), rw_(rw), w_(reserve_size(sd, rw)) {}

  Result<std::string, Error> run() {
    if (auto s = validate(); !s) return unexpected(s.error());
    session();
    for (const MediaDescription& m : sd_.media()) {
      if (auto s = media(m); !s) return unexpected(s.error());
    }
    std::string out = w_.take();
    // The output must parse: added attributes go through the same checks as received ones. Wire
    // limits do not apply here (the gateway's own additions may push a large body past them).
    constexpr size_t kNoLimit = std::numeric_limits<size_t>::max();
    if (auto check = detail::parse_unclamped(out, Limits{kNoLimit, kNoLimit, kMaxMediaSections, kNoLimit}); !check) {
      return unexpected(check.error());
    }
    return out;
  }

 private:
  static size_t reserve_size(const SessionDescription& sd, const Rewrite& rw) {
    size_t n = sd.text().size() + sd.lines().size() + 128 * (1 + sd.media().size());
    for (const NewAttribute& a : rw.add_session_attributes) n += a.name.size() + a.value.size() + 5;
    for (const MediaRewrite& m : rw.media) {
      for (const NewAttribute& a : m.add_attributes) n += a.name.size() + a.value.size() + 5;
    }
    return n;
  }

  Status validate() const {
    if (rw_.media.size() > sd_.media().size()) return unexpected(Error::kBadMediaIndex);
    if (auto s = check_address(rw_.session_address); !s) return s;
    if (auto s = check_address(rw_.origin_address); !s) return s;
    if (auto s = check_attributes(rw_.add_session_attributes); !s) return s;
    for (size_t i = 0; i < rw_.media.size(); ++i) {
      const MediaRewrite& e = rw_.media[i];
      if (auto s = check_address(e.address); !s) return s;
      if (auto s = check_attributes(e.add_attributes); !s) return s;
      if (e.proto) {
        if (auto s = check_proto(*e.proto, sd_.media()[i]); !s) return s;
      }
    }
    return {};
  }

  void session() {
    const std::optional<std::string_view> origin = rw_.origin_address ? rw_.origin_address : rw_.session_address;
    bool need_connection = rw_.session_address.has_value();
    for (const Line& l : sd_.session_lines()) {
      // RFC 8866 §5: c= comes after v o s i u e p and before b t r z k a.
      if (need_connection && std::string_view("btrzka").find(l.type) != std::string_view::npos) {
        w_.connection(*rw_.session_address);
        need_connection = false;
      }
      if (l.type == 'o' && origin) {
        const Origin& o = sd_.origin();
        w_.begin('o');
        w_.put(o.username).put(" ").put(o.session_id).put(" ").put(o.session_version).put(" IN ");
        w_.put(addrtype_name(*literal_address_type(*origin))).put(" ").put(*origin);
        w_.end();
      } else if (l.type == 'c' && rw_.session_address) {
        w_.connection(*rw_.session_address);
        need_connection = false;
      } else if (l.type == 'a' && removed(split_attribute(l.value).name, rw_.remove_attributes, nullptr)) {
        continue;
      } else {
        w_.line(l.type, l.value);
      }
    }
    if (need_connection) w_.connection(*rw_.session_address);  // unreachable: t= is mandatory
    for (const NewAttribute& a : rw_.add_session_attributes) w_.attribute(a);
  }

  Status media(const MediaDescription& m) {
    static const MediaRewrite kUnchanged{};
    const MediaRewrite& e = m.index() < rw_.media.size() ? rw_.media[m.index()] : kUnchanged;
    // Where this section's media will go: its own new address, else the new session address if
    // it inherits that one, else unchanged.
    std::optional<std::string_view> address = e.address;
    if (!address && !m.connection() && rw_.session_address) address = rw_.session_address;

    bool need_connection = e.address.has_value() && !m.connection();
    for (const Line& l : m.lines()) {
      if (need_connection && std::string_view("bka").find(l.type) != std::string_view::npos) {
        w_.connection(*e.address);
        need_connection = false;
      }
      if (l.type == 'm') {
        if (auto s = media_line(m, e); !s) return s;
      } else if (l.type == 'c' && e.address) {
        w_.connection(*e.address);
      } else if (l.type == 'a') {
        const Attribute a = split_attribute(l.value);
        if (removed(a.name, rw_.remove_attributes, &e.remove_attributes)) continue;
        if (scan::iequals(a.name, "rtcp")) {
          if (auto s = rtcp_line(l, a, e, address); !s) return s;
        } else {
          w_.line(l.type, l.value);
        }
      } else {
        w_.line(l.type, l.value);
      }
    }
    if (need_connection) w_.connection(*e.address);
    for (const NewAttribute& a : e.add_attributes) w_.attribute(a);
    return {};
  }

  Status media_line(const MediaDescription& m, const MediaRewrite& e) {
    if (!e.port && !e.proto) {
      w_.line('m', m.lines().front().value);
      return {};
    }
    const uint16_t port = e.port.value_or(m.port());
    const std::string_view proto = e.proto.value_or(m.proto());
    if (m.has_port_count()) {
      bool rtp = false;
      scan::Splitter parts(proto, '/');
      while (!parts.done()) {
        if (scan::iequals(parts.next(), "RTP")) rtp = true;
      }
      const uint32_t span = rtp ? 2u * m.port_count() : m.port_count();
      if (uint32_t{port} + span - 1 > 65535) return unexpected(Error::kBadPort);
    }
    w_.begin('m');
    w_.put(m.media()).put(" ").put(port);
    if (m.has_port_count()) w_.put("/").put(m.port_count());
    w_.put(" ").put(proto).put(" ").put(scan::trim_trailing_ws(m.formats()));
    w_.end();
    return {};
  }

  // RFC 3605 §2.1: a=rtcp:<port> [IN IP4|IP6 <address>]
  Status rtcp_line(const Line& l, const Attribute& a, const MediaRewrite& e,
                   const std::optional<std::string_view>& address) {
    auto rtcp = parse_rtcp(a.value);
    if (!rtcp) return unexpected(rtcp.error());
    std::optional<uint32_t> port;
    if (e.rtcp_port) {
      port = *e.rtcp_port;
    } else if (e.port) {
      if (*e.port == 65535) return unexpected(Error::kBadPort);
      port = *e.port == 0 ? 0u : uint32_t{*e.port} + 1;  // a disabled stream has no RTCP either
    }
    const bool new_address = address && !rtcp->address.empty();
    if (!port && !new_address) {
      w_.line(l.type, l.value);
      return {};
    }
    w_.begin('a');
    w_.put(a.name).put(":").put(port.value_or(rtcp->port));
    if (!rtcp->address.empty()) {
      const std::string_view addr = new_address ? *address : rtcp->address;
      w_.put(" IN ").put(addrtype_name(*literal_address_type(addr))).put(" ").put(addr);
    }
    w_.end();
    return {};
  }

  const SessionDescription& sd_;
  const Rewrite& rw_;
  Writer w_;
};

}  // namespace

Result<std::string, Error> rewrite(const SessionDescription& sd, const Rewrite& rw) {
  return Rewriter(sd, rw).run();
}

}  // namespace vg::sdp
