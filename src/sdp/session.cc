#include "sdp/session.h"

namespace vg::sdp {
namespace {

std::optional<std::string_view> first_value(AttributeRange range) {
  if (auto a = range.first()) return a->value;
  return std::nullopt;
}

template <class T>
std::optional<T> optional_of(std::optional<std::string_view> value, Result<T, Error> (*parse)(std::string_view)) {
  if (!value) return std::nullopt;
  auto r = parse(*value);
  if (!r) return std::nullopt;
  return *r;
}

// The one direction attribute of a level, if any (the parser rejects two at the same level).
std::optional<Direction> level_direction(AttributeRange attributes) {
  for (const Attribute& a : attributes) {
    if (auto d = direction_from_name(a.name)) return d;
  }
  return std::nullopt;
}

}  // namespace

bool MediaDescription::has_format(std::string_view fmt) const {
  for (std::string_view f : format_list()) {
    if (f == fmt) return true;
  }
  return false;
}

std::optional<std::string_view> MediaDescription::attribute(std::string_view name) const {
  return first_value(attributes(name));
}

std::optional<std::string_view> MediaDescription::inherited(std::string_view name) const {
  if (auto v = attribute(name)) return v;
  return first_value(AttributeRange(session_lines_, name));
}

std::optional<Rtpmap> MediaDescription::rtpmap(uint8_t payload_type) const {
  for (const Rtpmap& r : rtpmaps()) {
    if (r.payload_type == payload_type) return r;
  }
  return std::nullopt;
}

std::optional<Fmtp> MediaDescription::fmtp(std::string_view format) const {
  for (const Fmtp& f : fmtps()) {
    if (f.format == format) return f;
  }
  return std::nullopt;
}

Direction MediaDescription::direction() const {
  if (auto d = level_direction(attributes())) return *d;
  return level_direction(AttributeRange(session_lines_)).value_or(Direction::kSendRecv);
}

std::optional<Rtcp> MediaDescription::rtcp() const { return optional_of(attribute("rtcp"), parse_rtcp); }

FingerprintRange MediaDescription::fingerprints() const {
  AttributeRange media_level = attributes("fingerprint");
  if (!media_level.empty()) return FingerprintRange(media_level);
  return FingerprintRange(AttributeRange(session_lines_, "fingerprint"));
}

std::optional<Setup> MediaDescription::setup() const { return optional_of(inherited("setup"), parse_setup); }

std::optional<std::string_view> MediaDescription::ice_ufrag() const {
  return optional_of(inherited("ice-ufrag"), parse_ice_credential);
}

std::optional<std::string_view> MediaDescription::ice_pwd() const {
  return optional_of(inherited("ice-pwd"), parse_ice_credential);
}

std::optional<std::string_view> MediaDescription::ice_options() const {
  return optional_of(inherited("ice-options"), parse_ice_options);
}

std::optional<std::string_view> MediaDescription::mid() const { return optional_of(attribute("mid"), parse_mid); }

std::optional<uint32_t> MediaDescription::ptime() const { return optional_of(attribute("ptime"), parse_ptime); }

std::optional<uint32_t> MediaDescription::maxptime() const {
  return optional_of(attribute("maxptime"), parse_ptime);
}

std::optional<std::string_view> SessionDescription::field(char type) const {
  for (const Line& l : session_lines()) {
    if (l.type == type) return l.value;
  }
  return std::nullopt;
}

std::optional<std::string_view> SessionDescription::attribute(std::string_view name) const {
  return first_value(attributes(name));
}

Direction SessionDescription::direction() const {
  return level_direction(attributes()).value_or(Direction::kSendRecv);
}

std::optional<Setup> SessionDescription::setup() const { return optional_of(attribute("setup"), parse_setup); }

std::optional<std::string_view> SessionDescription::ice_ufrag() const {
  return optional_of(attribute("ice-ufrag"), parse_ice_credential);
}

std::optional<std::string_view> SessionDescription::ice_pwd() const {
  return optional_of(attribute("ice-pwd"), parse_ice_credential);
}

std::optional<std::string_view> SessionDescription::ice_options() const {
  return optional_of(attribute("ice-options"), parse_ice_options);
}

}  // namespace vg::sdp
