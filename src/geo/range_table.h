// An immutable map from IP address ranges to a 16-bit value with O(log n) lookup, built once and
// shared as shared_ptr<const RangeTable>. Stored as sorted range starts (struct of arrays): IPv4
// keys are 32-bit, IPv6 keys 128-bit; gaps between ranges are explicit entries with value 0, and
// neighbours with the same value are merged, so a lookup is one binary search and one read.
// The geo database stores country codes in it; the blocklist feeds use it as a CIDR set (value 1).
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/ip.h"
#include "core/result.h"

namespace vg::geo {

// A 128-bit unsigned key (IPv6 address in host order), compared as a number.
struct U128 {
  uint64_t hi = 0;
  uint64_t lo = 0;
  static U128 from(const IpAddress& a);
  friend auto operator<=>(const U128&, const U128&) = default;
  friend bool operator==(const U128&, const U128&) = default;
};

class RangeTable {
 public:
  // Value of the range holding `address` (IPv4 and IPv6 each in their own table), 0 when none.
  [[nodiscard]] uint16_t lookup(const IpAddress& address) const;

  [[nodiscard]] size_t v4_entries() const { return v4_starts_.size(); }
  [[nodiscard]] size_t v6_entries() const { return v6_starts_.size(); }
  // Bytes held by the table's arrays (capacity, not counting the object itself).
  [[nodiscard]] size_t memory_bytes() const;
  [[nodiscard]] bool empty() const { return v4_starts_.empty() && v6_starts_.empty(); }
  // The flattened entries (range starts, gaps included, and their values), e.g. to export them.
  [[nodiscard]] std::span<const uint32_t> v4_starts() const { return v4_starts_; }
  [[nodiscard]] std::span<const uint16_t> v4_values() const { return v4_values_; }
  [[nodiscard]] std::span<const U128> v6_starts() const { return v6_starts_; }
  [[nodiscard]] std::span<const uint16_t> v6_values() const { return v6_values_; }

 private:
  friend class RangeTableBuilder;
  std::vector<uint32_t> v4_starts_;
  std::vector<uint16_t> v4_values_;
  std::vector<U128> v6_starts_;
  std::vector<uint16_t> v6_values_;
};

struct RangeError {
  enum class Kind : uint8_t { kReversed, kMixedFamilies, kOverlap };
  Kind kind = Kind::kOverlap;
  size_t line = 0;        // the line of the offending range (as given to add)
  size_t other_line = 0;  // for kOverlap: the line of the range it overlaps
  [[nodiscard]] std::string to_string() const;
};

class RangeTableBuilder {
 public:
  // kReject: overlapping ranges are an error (location data: one country per address).
  // kUnion: overlapping or nested ranges merge; the value of the range that starts first wins
  //         (sets built from CIDR lists, where a /24 and one of its hosts may both be listed).
  enum class Overlap : uint8_t { kReject, kUnion };
  explicit RangeTableBuilder(Overlap overlap) : overlap_(overlap) {}

  // Inclusive range first..last, both of one family; value must be non-zero (0 means "none").
  // `line` is only remembered for error messages. Errors are reported by build().
  void add(const IpAddress& first, const IpAddress& last, uint16_t value, size_t line = 0);
  void add(const Cidr& cidr, uint16_t value, size_t line = 0);
  [[nodiscard]] size_t size() const { return v4_.size() + v6_.size(); }

  [[nodiscard]] Result<RangeTable, RangeError> build();

 private:
  template <class K>
  struct Range {
    K first;
    K last;
    uint16_t value;
    size_t line;
  };
  template <class K>
  static Result<void, RangeError> flatten(std::vector<Range<K>>& ranges, Overlap overlap, std::vector<K>& starts,
                                          std::vector<uint16_t>& values);

  Overlap overlap_;
  std::vector<Range<uint32_t>> v4_;
  std::vector<Range<U128>> v6_;
  std::optional<RangeError> error_;
};

}  // namespace vg::geo
