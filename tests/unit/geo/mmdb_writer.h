// A minimal MaxMind DB writer for tests (no .mmdb test file ships with Debian's libmaxminddb):
// an IPv6 search tree with 24-bit records and one {"country": {"iso_code": CC}} record per
// country, following the MaxMind DB File Format Specification 2.0. IPv4 networks go under ::/96,
// where libmaxminddb looks for IPv4 addresses in an IPv6 tree.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/ip.h"

namespace vg::geo::test {

class MmdbWriter {
 public:
  void add(const Cidr& network, const std::string& country) { networks_.push_back({network, country}); }

  [[nodiscard]] std::string build() const {
    // Data section: one record per country.
    std::string data;
    std::map<std::string, uint32_t> offsets;
    for (const auto& n : networks_) {
      if (offsets.count(n.country)) continue;
      offsets[n.country] = static_cast<uint32_t>(data.size());
      map(data, 1);
      str(data, "country");
      map(data, 1);
      str(data, "iso_code");
      str(data, n.country);
    }
    // Search tree over 128-bit keys. Each record: node index, kEmpty or a data reference.
    struct Node {
      std::array<int64_t, 2> rec{kEmpty, kEmpty};
    };
    std::vector<Node> nodes(1);
    for (const auto& n : networks_) {
      const auto bytes = n.network.network().bytes();
      const unsigned bits = n.network.is_v4() ? 96 + n.network.prefix() : n.network.prefix();
      // IPv4 sits at ::a.b.c.d, not at the ::ffff:a.b.c.d form IpAddress stores.
      auto bit_at = [&](unsigned i) {
        if (n.network.is_v4() && i < 96) return 0;
        return (bytes[i / 8] >> (7 - i % 8)) & 1;
      };
      size_t node = 0;
      for (unsigned i = 0; i + 1 < bits; ++i) {
        const int side = bit_at(i);
        if (nodes[node].rec[side] == kEmpty) {
          nodes[node].rec[side] = static_cast<int64_t>(nodes.size());
          nodes.emplace_back();
        }
        node = static_cast<size_t>(nodes[node].rec[side]);
      }
      const int side = bit_at(bits - 1);
      nodes[node].rec[side] = kDataBase - static_cast<int64_t>(offsets.at(n.country));
    }
    const auto count = static_cast<uint32_t>(nodes.size());
    std::string out;
    for (const auto& node : nodes) {
      for (int64_t r : node.rec) {
        uint32_t v = r == kEmpty ? count : r <= kDataBase ? count + 16 + static_cast<uint32_t>(kDataBase - r)
                                                           : static_cast<uint32_t>(r);
        out.push_back(static_cast<char>(v >> 16));
        out.push_back(static_cast<char>(v >> 8));
        out.push_back(static_cast<char>(v));
      }
    }
    out.append(16, '\0');
    out += data;
    out += std::string("\xAB\xCD\xEF") + "MaxMind.com";
    map(out, 9);
    str(out, "node_count");
    uint(out, 6, count);
    str(out, "record_size");
    uint(out, 5, 24);
    str(out, "ip_version");
    uint(out, 5, 6);
    str(out, "database_type");
    str(out, "VG-Test-Country");
    str(out, "languages");
    out.push_back(static_cast<char>(1));  // extended type, 1 element
    out.push_back(static_cast<char>(4));  // array = 7 + 4
    str(out, "en");
    str(out, "binary_format_major_version");
    uint(out, 5, 2);
    str(out, "binary_format_minor_version");
    uint(out, 5, 0);
    str(out, "build_epoch");
    out.push_back(static_cast<char>(4));  // extended type, 4 bytes
    out.push_back(static_cast<char>(2));  // uint64 = 7 + 2
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(1'700'000'000u >> shift));
    str(out, "description");
    map(out, 1);
    str(out, "en");
    str(out, "voipguard test data");
    return out;
  }

 private:
  static constexpr int64_t kEmpty = -1;
  static constexpr int64_t kDataBase = -2;  // data offset o is stored as kDataBase - o
  struct Network {
    Cidr network;
    std::string country;
  };
  // Control byte: type in the top 3 bits, size (< 29) in the low 5.
  static void control(std::string& out, unsigned type, size_t size) {
    out.push_back(static_cast<char>((type << 5) | static_cast<unsigned>(size)));
  }
  static void map(std::string& out, size_t pairs) { control(out, 7, pairs); }
  static void str(std::string& out, const std::string& s) {
    control(out, 2, s.size());
    out += s;
  }
  static void uint(std::string& out, unsigned type, uint32_t v) {
    const size_t n = type == 5 ? 2 : 4;
    control(out, type, n);
    for (size_t i = n; i-- > 0;) out.push_back(static_cast<char>(v >> (8 * i)));
  }
  std::vector<Network> networks_;
};

}  // namespace vg::geo::test
