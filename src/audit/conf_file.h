// Asterisk's configuration file syntax (res_config / config.c): `[section](template,...)` headers,
// `key = value` or `key => value` lines, `;` comments (`\;` is a literal semicolon), `#include`
// lines (not followed: the audit reads the files it is given). Each value remembers its line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vg::audit {

struct ConfOption {
  std::string key;    // lower case
  std::string value;  // trimmed
  int line = 0;
};

struct ConfSection {
  std::string name;
  int line = 0;
  bool is_template = false;            // `[name](!)`
  std::vector<std::string> templates;  // `[name](tpl1,tpl2)`: options inherited from these
  std::vector<ConfOption> options;

  // Last value of `key` (later lines override), or nullptr.
  [[nodiscard]] const ConfOption* get(std::string_view key) const;
};

// Sections in file order; options before the first header go to a section named "".
std::vector<ConfSection> parse_conf(std::string_view text);

// The section with its templates' options applied first (own options override), templates resolved
// by name among `all`.
ConfSection resolve_templates(const ConfSection& s, const std::vector<ConfSection>& all);

}  // namespace vg::audit
