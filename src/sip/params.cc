#include "sip/params.h"

#include "sip/scan.h"

namespace vg::sip {

bool ParamList::Cursor::next(Param& out) {
  while (!rest_.empty()) {
    // Find the end of this item: the next ';' outside a quoted string.
    size_t end = scan::find_top_level(rest_, ';');
    std::string_view item = end == std::string_view::npos ? rest_ : rest_.substr(0, end);
    rest_ = end == std::string_view::npos ? std::string_view{} : rest_.substr(end + 1);
    item = scan::trim(item);
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      out = Param{item, {}, false};
    } else {
      out = Param{scan::trim(item.substr(0, eq)), scan::trim(item.substr(eq + 1)), true};
    }
    return true;
  }
  return false;
}

std::optional<Param> ParamList::find(std::string_view name) const {
  Cursor c(raw_);
  Param p;
  while (c.next(p)) {
    if (scan::iequals(p.name, name)) return p;
  }
  return std::nullopt;
}

std::optional<std::string_view> ParamList::get(std::string_view name) const {
  auto p = find(name);
  if (!p) return std::nullopt;
  return p->value;
}

namespace detail {

bool read_param(const char*& p, const char* end, bool header_params, Param& out) {
  auto skip_lws = [&] {
    while (p < end && scan::is_lws(*p)) ++p;
  };
  // URI parameters: 1*paramchar where '%' must start a %HH escape (RFC 3261 §25.1).
  auto uri_chars = [&]() -> bool {
    while (p < end && scan::is(*p, scan::kParamChar)) {
      if (*p == '%') {
        if (end - p < 3 || !scan::is(p[1], scan::kHex) || !scan::is(p[2], scan::kHex)) return false;
        p += 3;
      } else {
        ++p;
      }
    }
    return true;
  };
  skip_lws();
  const char* name = p;
  if (header_params) {
    while (p < end && scan::is_token(*p)) ++p;
  } else if (!uri_chars()) {
    return false;
  }
  if (p == name) return false;  // empty name (also ";;" and a trailing ';')
  out.name = std::string_view(name, static_cast<size_t>(p - name));
  out.value = {};
  out.has_value = false;
  skip_lws();
  if (p < end && *p == '=') {
    ++p;
    skip_lws();
    const char* value = p;
    if (header_params && p < end && *p == '"') {
      // gen-value = token / host / quoted-string
      size_t q = scan::skip_quoted(std::string_view(p, static_cast<size_t>(end - p)), 0);
      if (q == std::string_view::npos) return false;
      p += q;
    } else if (header_params) {
      while (p < end && (scan::is_token(*p) || *p == ':' || *p == '[' || *p == ']')) ++p;
    } else if (!uri_chars()) {
      return false;
    }
    // pvalue = 1*paramchar / gen-value: "name=" with nothing after it is malformed.
    if (p == value) return false;
    out.value = std::string_view(value, static_cast<size_t>(p - value));
    out.has_value = true;
    skip_lws();
  }
  return p == end || *p == ';';
}

}  // namespace detail

// One pass over the text (this runs for every Via, From, To and Contact a proxy looks at).
bool validate_params(std::string_view raw, bool header_params) {
  return scan_params(raw, header_params, [](const Param&) { return true; });
}

}  // namespace vg::sip
