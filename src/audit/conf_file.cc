#include "audit/conf_file.h"

#include <algorithm>

namespace vg::audit {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// The line without its comment; `\;` stays as `;`.
std::string strip_comment(std::string_view line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == ';') {
      out.push_back(';');
      ++i;
    } else if (line[i] == ';') {
      break;
    } else {
      out.push_back(line[i]);
    }
  }
  return out;
}

}  // namespace

const ConfOption* ConfSection::get(std::string_view key) const {
  const ConfOption* found = nullptr;
  for (const auto& o : options) {
    if (o.key == key) found = &o;
  }
  return found;
}

std::vector<ConfSection> parse_conf(std::string_view text) {
  std::vector<ConfSection> out;
  out.push_back(ConfSection{"", 0, false, {}, {}});
  int line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    const std::string stripped = strip_comment(raw);
    const std::string_view line = trim(stripped);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[') {
      const size_t close = line.find(']');
      if (close == std::string_view::npos) continue;
      ConfSection s;
      s.name = std::string(trim(line.substr(1, close - 1)));
      s.line = line_no;
      std::string_view rest = trim(line.substr(close + 1));
      if (!rest.empty() && rest.front() == '(' && rest.back() == ')') {
        rest = rest.substr(1, rest.size() - 2);
        while (!rest.empty()) {
          const size_t comma = rest.find(',');
          const std::string_view item = trim(rest.substr(0, comma));
          if (item == "!") {
            s.is_template = true;
          } else if (!item.empty() && item != "+") {
            s.templates.emplace_back(item);
          }
          rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
      }
      out.push_back(std::move(s));
      continue;
    }
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view value = line.substr(eq + 1);
    if (!value.empty() && value.front() == '>') value.remove_prefix(1);  // `=>`
    out.back().options.push_back(ConfOption{lower(trim(line.substr(0, eq))), std::string(trim(value)), line_no});
  }
  if (out.front().options.empty()) out.erase(out.begin());
  return out;
}

namespace {

// Depth-bounded: a template naming itself (directly or not) must not recurse forever.
ConfSection resolve(const ConfSection& s, const std::vector<ConfSection>& all, int depth) {
  ConfSection r = s;
  r.options.clear();
  for (const auto& name : s.templates) {
    auto it = std::find_if(all.begin(), all.end(), [&](const ConfSection& c) { return c.name == name; });
    if (it == all.end() || depth > 8) continue;
    const ConfSection base = resolve(*it, all, depth + 1);
    r.options.insert(r.options.end(), base.options.begin(), base.options.end());
  }
  r.options.insert(r.options.end(), s.options.begin(), s.options.end());
  return r;
}

}  // namespace

ConfSection resolve_templates(const ConfSection& s, const std::vector<ConfSection>& all) { return resolve(s, all, 0); }

}  // namespace vg::audit
