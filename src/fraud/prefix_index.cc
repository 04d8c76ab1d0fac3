#include "fraud/prefix_index.h"

#include <algorithm>
#include <array>

namespace vg::fraud {

namespace {
constexpr std::array<uint64_t, 16> kPow10 = [] {
  std::array<uint64_t, 16> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

// True if the entry (padded, len) is a prefix of the number (n_padded, n_len).
bool is_prefix(uint64_t padded, std::size_t len, uint64_t n_padded, std::size_t n_len) {
  if (len > n_len) return false;
  const uint64_t unit = kPow10[PrefixIndex::kMaxLength - len];
  return n_padded - n_padded % unit == padded;
}
}  // namespace

bool PrefixIndex::add(std::string_view digits, uint32_t value) {
  if (digits.empty() || digits.size() > kMaxLength) return false;
  uint64_t key = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    key = key * 10 + static_cast<uint64_t>(c - '0');
  }
  entries_.push_back(Entry{key * kPow10[kMaxLength - digits.size()], value,
                           static_cast<uint32_t>(entries_.size()), static_cast<uint8_t>(digits.size())});
  built_ = false;
  return true;
}

std::size_t PrefixIndex::build() {
  auto same = [](const Entry& a, const Entry& b) { return a.padded == b.padded && a.length == b.length; };
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    if (a.padded != b.padded) return a.padded < b.padded;
    if (a.length != b.length) return a.length < b.length;
    return a.parent < b.parent;  // insertion order: the first added of duplicates comes first
  });
  const auto end = std::unique(entries_.begin(), entries_.end(), same);
  const auto dropped = static_cast<std::size_t>(entries_.end() - end);
  entries_.erase(end, entries_.end());
  entries_.shrink_to_fit();
  // Sorted order visits a prefix before everything it prefixes: a stack of the open ancestors.
  std::vector<uint32_t> stack;
  for (uint32_t i = 0; i < entries_.size(); ++i) {
    Entry& e = entries_[i];
    while (!stack.empty()) {
      const Entry& top = entries_[stack.back()];
      if (is_prefix(top.padded, top.length, e.padded, e.length)) break;
      stack.pop_back();
    }
    e.parent = stack.empty() ? kNoParent : stack.back();
    stack.push_back(i);
  }
  built_ = true;
  return dropped;
}

std::optional<PrefixIndex::Match> PrefixIndex::longest(std::string_view digits) const {
  if (!built_) return std::nullopt;
  uint64_t key = 0;
  std::size_t n = 0;
  while (n < digits.size() && n < kMaxLength && digits[n] >= '0' && digits[n] <= '9') {
    key = key * 10 + static_cast<uint64_t>(digits[n] - '0');
    ++n;
  }
  if (n == 0) return std::nullopt;
  const uint64_t padded = key * kPow10[kMaxLength - n];
  // The greatest entry <= (padded, n).
  auto it = std::upper_bound(entries_.begin(), entries_.end(), std::make_pair(padded, n),
                             [](const std::pair<uint64_t, std::size_t>& k, const Entry& e) {
                               return k.first != e.padded ? k.first < e.padded : k.second < e.length;
                             });
  if (it == entries_.begin()) return std::nullopt;
  uint32_t i = static_cast<uint32_t>(it - entries_.begin() - 1);
  while (i != kNoParent) {
    const Entry& e = entries_[i];
    if (is_prefix(e.padded, e.length, padded, n)) return Match{e.value, e.length};
    i = e.parent;
  }
  return std::nullopt;
}

}  // namespace vg::fraud
