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

bool validate_params(std::string_view raw, bool header_params) {
  size_t pos = 0;
  while (pos <= raw.size()) {
    // One scan finds the next ';' and tells "no more ';'" from an unterminated quote.
    bool unbalanced = false;
    size_t end = scan::find_top_level(raw, ';', pos, &unbalanced);
    if (unbalanced) return false;
    if (end == std::string_view::npos) end = raw.size();
    std::string_view item = scan::trim(raw.substr(pos, end - pos));
    size_t eq = item.find('=');
    std::string_view name = scan::trim(item.substr(0, eq));
    if (name.empty()) return false;
    if (header_params) {
      if (!scan::is_token_str(name)) return false;
    } else if (!scan::all_of(name, scan::kParamChar) || !scan::escapes_valid(name)) {
      return false;
    }
    if (eq != std::string_view::npos) {
      std::string_view value = scan::trim(item.substr(eq + 1));
      if (header_params) {
        // gen-value = token / host / quoted-string
        if (!value.empty() && value.front() == '"') {
          if (scan::skip_quoted(value, 0) != value.size()) return false;
        } else {
          for (char ch : value) {
            if (!scan::is_token(ch) && ch != ':' && ch != '[' && ch != ']') return false;
          }
          if (value.empty()) return false;
        }
      } else {
        // pvalue = 1*paramchar (RFC 3261 §25.1): "name=" with nothing after it is malformed.
        if (value.empty() || !scan::all_of(value, scan::kParamChar) || !scan::escapes_valid(value)) return false;
      }
    }
    pos = end + 1;
  }
  return true;
}

}  // namespace vg::sip
