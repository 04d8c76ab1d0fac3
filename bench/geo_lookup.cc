// Country lookup with the full tor-geoipdb data (IPv4 + IPv6, as Debian ships it) loaded: load
// time, memory of the table, and ns per lookup for random addresses, against the same entries in a
// std::map (a node-based ordered tree, the obvious alternative) measured in the same run.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <vector>

#include "geo/database.h"
#include "geo/tor_format.h"

namespace {

using vg::IpAddress;
using vg::geo::U128;

constexpr size_t kAddresses = 1 << 16;

struct Data {
  vg::geo::RangeTable table;
  std::shared_ptr<const vg::geo::Database> db;
  std::map<uint32_t, uint16_t> map_v4;
  std::map<U128, uint16_t> map_v6;
  std::vector<IpAddress> v4, v6;
  double load_ms = 0;
  size_t table_heap = 0, map_heap = 0;
};
Data* g_data = nullptr;

size_t heap_in_use() { return mallinfo2().uordblks; }

template <class K>
uint16_t map_find(const std::map<K, uint16_t>& m, const K& k) {
  auto it = m.upper_bound(k);
  return it == m.begin() ? 0 : std::prev(it)->second;
}

void BM_TableLookupV4(benchmark::State& state) {
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(g_data->table.lookup(g_data->v4[i++ & (kAddresses - 1)]));
}
void BM_TableLookupV6(benchmark::State& state) {
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(g_data->table.lookup(g_data->v6[i++ & (kAddresses - 1)]));
}
// The whole Database::lookup as the country filter calls it: overrides, local ranges, table.
void BM_DatabaseLookupV4(benchmark::State& state) {
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(g_data->db->lookup(g_data->v4[i++ & (kAddresses - 1)]));
}
void BM_DatabaseLookupV6(benchmark::State& state) {
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(g_data->db->lookup(g_data->v6[i++ & (kAddresses - 1)]));
}
void BM_StdMapLookupV4(benchmark::State& state) {
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(map_find(g_data->map_v4, g_data->v4[i++ & (kAddresses - 1)].v4_value()));
  }
}
void BM_StdMapLookupV6(benchmark::State& state) {
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(map_find(g_data->map_v6, U128::from(g_data->v6[i++ & (kAddresses - 1)])));
}
BENCHMARK(BM_TableLookupV4);
BENCHMARK(BM_StdMapLookupV4);
BENCHMARK(BM_TableLookupV6);
BENCHMARK(BM_StdMapLookupV6);
BENCHMARK(BM_DatabaseLookupV4);
BENCHMARK(BM_DatabaseLookupV6);

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> files{std::string(vg::geo::kTorGeoipV4), std::string(vg::geo::kTorGeoipV6)};
  Data data;
  g_data = &data;
  const size_t heap0 = heap_in_use();
  const auto t0 = std::chrono::steady_clock::now();
  auto table = vg::geo::load_tor_geoip_files(files);
  const auto t1 = std::chrono::steady_clock::now();
  if (!table) {
    std::fprintf(stderr, "geo_lookup: %s (is tor-geoipdb installed?)\n", table.error().to_string().c_str());
    return 1;
  }
  data.table = std::move(*table);
  data.table_heap = heap_in_use() - heap0;
  data.load_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  auto db = vg::geo::Database::load(vg::geo::Sources{});
  if (!db) return 1;
  data.db = *db;

  const size_t heap1 = heap_in_use();
  for (size_t i = 0; i < data.table.v4_starts().size(); ++i) data.map_v4.emplace(data.table.v4_starts()[i], data.table.v4_values()[i]);
  for (size_t i = 0; i < data.table.v6_starts().size(); ++i) data.map_v6.emplace(data.table.v6_starts()[i], data.table.v6_values()[i]);
  data.map_heap = heap_in_use() - heap1;

  // Uniform random IPv4 addresses, and random IPv6 addresses in 2000::/3 (global unicast, where
  // all the IPv6 data lies). Fixed seed: every run looks up the same addresses.
  std::mt19937_64 rng(42);
  for (size_t i = 0; i < kAddresses; ++i) {
    data.v4.push_back(IpAddress::v4(static_cast<uint32_t>(rng())));
    IpAddress::Bytes b{};
    const uint64_t hi = (rng() & 0x1fffffffffffffffULL) | 0x2000000000000000ULL, lo = rng();
    for (size_t k = 0; k < 8; ++k) {
      b[k] = static_cast<uint8_t>(hi >> (56 - 8 * k));
      b[8 + k] = static_cast<uint8_t>(lo >> (56 - 8 * k));
    }
    data.v6.push_back(IpAddress::v6(b));
  }

  std::printf("== country lookup, full tor-geoipdb data (%s, %s)\n", files[0].c_str(), files[1].c_str());
  std::printf("== load (parse + sort + flatten both files): %.0f ms\n", data.load_ms);
  std::printf("== table: %zu IPv4 + %zu IPv6 entries, %.2f MB of arrays, %.2f MB heap after load\n",
              data.table.v4_entries(), data.table.v6_entries(), static_cast<double>(data.table.memory_bytes()) / 1e6,
              static_cast<double>(data.table_heap) / 1e6);
  std::printf("== peer std::map of the same entries: %.2f MB heap (%.1fx the table)\n",
              static_cast<double>(data.map_heap) / 1e6,
              static_cast<double>(data.map_heap) / static_cast<double>(data.table_heap));
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
