#include "geo/range_table.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace vg::geo {
namespace {

// Key arithmetic for the two key types.
bool is_max(uint32_t k) { return k == std::numeric_limits<uint32_t>::max(); }
bool is_max(const U128& k) {
  return k.hi == std::numeric_limits<uint64_t>::max() && k.lo == std::numeric_limits<uint64_t>::max();
}
uint32_t next(uint32_t k) { return k + 1; }
U128 next(const U128& k) { return k.lo == std::numeric_limits<uint64_t>::max() ? U128{k.hi + 1, 0} : U128{k.hi, k.lo + 1}; }

template <class K>
uint16_t find(const std::vector<K>& starts, const std::vector<uint16_t>& values, const K& key) {
  // The last start <= key; starts[0] is always the lowest key, so a non-empty table always has one.
  auto it = std::upper_bound(starts.begin(), starts.end(), key);
  if (it == starts.begin()) return 0;
  return values[static_cast<size_t>(it - starts.begin()) - 1];
}

}  // namespace

U128 U128::from(const IpAddress& a) {
  const auto& b = a.bytes();
  U128 k;
  for (size_t i = 0; i < 8; ++i) k.hi = (k.hi << 8) | b[i];
  for (size_t i = 8; i < 16; ++i) k.lo = (k.lo << 8) | b[i];
  return k;
}

uint16_t RangeTable::lookup(const IpAddress& address) const {
  if (address.is_v4()) return find(v4_starts_, v4_values_, address.v4_value());
  return find(v6_starts_, v6_values_, U128::from(address));
}

size_t RangeTable::memory_bytes() const {
  return v4_starts_.capacity() * sizeof(uint32_t) + v4_values_.capacity() * sizeof(uint16_t) +
         v6_starts_.capacity() * sizeof(U128) + v6_values_.capacity() * sizeof(uint16_t);
}

std::string RangeError::to_string() const {
  switch (kind) {
    case Kind::kReversed:
      return "range ends before it starts";
    case Kind::kMixedFamilies:
      return "range mixes IPv4 and IPv6";
    case Kind::kOverlap:
      return "range overlaps the range of line " + std::to_string(other_line);
  }
  return "bad range";
}

void RangeTableBuilder::add(const IpAddress& first, const IpAddress& last, uint16_t value, size_t line) {
  if (error_ || value == 0) return;
  if (first.is_v4() != last.is_v4()) {
    error_ = RangeError{RangeError::Kind::kMixedFamilies, line, 0};
    return;
  }
  if (last < first) {
    error_ = RangeError{RangeError::Kind::kReversed, line, 0};
    return;
  }
  if (first.is_v4()) {
    v4_.push_back({first.v4_value(), last.v4_value(), value, line});
  } else {
    v6_.push_back({U128::from(first), U128::from(last), value, line});
  }
}

void RangeTableBuilder::add(const Cidr& cidr, uint16_t value, size_t line) {
  const IpAddress& first = cidr.network();
  // The last address: the network with every host bit set.
  auto bytes = first.bytes();
  const unsigned width = first.is_v4() ? 32 : 128;
  const unsigned offset = first.is_v4() ? 96 : 0;  // IPv4 lives in the last 4 bytes
  for (unsigned bit = cidr.prefix(); bit < width; ++bit) {
    const unsigned pos = offset + bit;
    bytes[pos / 8] = static_cast<uint8_t>(bytes[pos / 8] | (0x80u >> (pos % 8)));
  }
  add(first, IpAddress::v6(bytes), value, line);
}

template <class K>
Result<void, RangeError> RangeTableBuilder::flatten(std::vector<Range<K>>& ranges, Overlap overlap,
                                                    std::vector<K>& starts, std::vector<uint16_t>& values) {
  std::stable_sort(ranges.begin(), ranges.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  starts.clear();
  values.clear();
  auto push = [&](const K& start, uint16_t value) {
    if (!values.empty() && values.back() == value) return;  // merge neighbours with the same value
    starts.push_back(start);
    values.push_back(value);
  };
  std::optional<K> covered_to;  // last key covered so far
  size_t covered_line = 0;
  for (const auto& r : ranges) {
    if (covered_to && r.first <= *covered_to) {
      if (overlap == Overlap::kReject) {
        return unexpected(RangeError{RangeError::Kind::kOverlap, r.line, covered_line});
      }
      if (r.last <= *covered_to) continue;  // nested: already covered
      // Partial overlap: only the part after what is covered is new.
      push(next(*covered_to), r.value);
    } else {
      const K gap_start = covered_to ? next(*covered_to) : K{};
      if (gap_start < r.first) push(gap_start, 0);
      push(r.first, r.value);
    }
    covered_to = r.last;
    covered_line = r.line;
  }
  if (covered_to && !is_max(*covered_to)) push(next(*covered_to), 0);
  starts.shrink_to_fit();
  values.shrink_to_fit();
  return {};
}

Result<RangeTable, RangeError> RangeTableBuilder::build() {
  if (error_) return unexpected(*error_);
  RangeTable t;
  if (auto r = flatten(v4_, overlap_, t.v4_starts_, t.v4_values_); !r) return unexpected(r.error());
  if (auto r = flatten(v6_, overlap_, t.v6_starts_, t.v6_values_); !r) return unexpected(r.error());
  return t;
}

}  // namespace vg::geo
