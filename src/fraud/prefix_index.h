// Longest-prefix match over digit strings (E.164 prefixes) on one sorted vector: each prefix is
// stored as its digits padded with zeros to 15 plus its length (that order is the strings' order),
// with the index of its longest proper prefix in the set. A lookup is one binary search for the
// greatest entry <= the number, then a walk up that entry's parents until one is a prefix of the
// number: the longest matching prefix is always the predecessor or one of its ancestors.
// 24 bytes per prefix, no pointers. Immutable once built; any thread may read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vg::fraud {

class PrefixIndex {
 public:
  static constexpr std::size_t kMaxLength = 15;  // E.164 maximum

  struct Match {
    uint32_t value = 0;
    std::size_t length = 0;  // digits of the matching prefix
  };

  // Adds a prefix (1..15 digits). False (and nothing added) if it is not such a string.
  bool add(std::string_view digits, uint32_t value);
  // Sorts and links parents; of duplicate prefixes the first added wins. Returns how many
  // duplicates were dropped. Lookups before build() find nothing.
  std::size_t build();

  // The longest prefix of `digits` in the index. Only the leading digits are looked at.
  [[nodiscard]] std::optional<Match> longest(std::string_view digits) const;
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

 private:
  static constexpr uint32_t kNoParent = UINT32_MAX;
  struct Entry {
    uint64_t padded;  // digits followed by zeros, 15 digits in all
    uint32_t value;
    uint32_t parent;  // build(): index of the longest proper prefix present; add(): insertion order
    uint8_t length;
  };
  std::vector<Entry> entries_;
  bool built_ = false;
};

}  // namespace vg::fraud
