// The shipped lists of common passwords, vendor default passwords and common PINs (data/*.txt,
// embedded at build time, sources in each file's header), parsed once on first use.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace vg::auth {

// One list: entries in file order (comments and blank lines dropped) and a lower-cased set for lookups.
class WordList {
 public:
  explicit WordList(std::string_view text);

  // Case-insensitive membership.
  [[nodiscard]] bool contains(std::string_view word) const;
  [[nodiscard]] const std::vector<std::string>& entries() const { return entries_; }

 private:
  std::vector<std::string> entries_;
  std::unordered_set<std::string> lower_;
};

// data/common-passwords.txt and data/default-passwords.txt together (common first, no duplicates).
const WordList& common_passwords();
// data/common-pins.txt.
const WordList& common_pins();

std::string ascii_lower(std::string_view s);

}  // namespace vg::auth
