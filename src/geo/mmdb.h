// Country lookup in a MaxMind DB file (GeoLite2-Country, DB-IP country lite, or any .mmdb whose
// records have country.iso_code) through libmaxminddb. The file is copied into a private memory
// file before libmaxminddb maps it: an operator overwriting the .mmdb in place (cp) would otherwise
// truncate pages under the mapping and a lookup would die of SIGBUS.
#pragma once

#include <memory>
#include <string>

#include "core/ip.h"
#include "core/result.h"
#include "geo/country.h"
#include "geo/load_error.h"

namespace vg::geo {

class MmdbReader {
 public:
  // Opens and validates the metadata of the file at `path`.
  static Result<std::unique_ptr<MmdbReader>, LoadError> open(const std::string& path);
  ~MmdbReader();
  MmdbReader(const MmdbReader&) = delete;
  MmdbReader& operator=(const MmdbReader&) = delete;

  // country.iso_code (else registered_country.iso_code) of the record for `address`; unknown when
  // the address is not in the file or the record has neither. Thread-safe (read-only lookups).
  [[nodiscard]] Country lookup(const IpAddress& address) const;
  [[nodiscard]] size_t file_bytes() const { return bytes_; }
  [[nodiscard]] size_t node_count() const;
  [[nodiscard]] const std::string& database_type() const { return type_; }

 private:
  struct Handle;
  explicit MmdbReader(std::unique_ptr<Handle> h, size_t bytes, std::string type);
  std::unique_ptr<Handle> handle_;
  size_t bytes_ = 0;
  std::string type_;
};

}  // namespace vg::geo
