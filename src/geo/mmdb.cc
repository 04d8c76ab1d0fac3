#include "geo/mmdb.h"

#include <maxminddb.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

#include "geo/tor_format.h"

namespace vg::geo {

struct MmdbReader::Handle {
  MMDB_s db{};
  bool open = false;  // MMDB_open frees what it allocated when it fails
  ~Handle() {
    if (open) MMDB_close(&db);
  }
};

MmdbReader::MmdbReader(std::unique_ptr<Handle> h, size_t bytes, std::string type)
    : handle_(std::move(h)), bytes_(bytes), type_(std::move(type)) {}

MmdbReader::~MmdbReader() = default;

Result<std::unique_ptr<MmdbReader>, LoadError> MmdbReader::open(const std::string& path) {
  auto data = read_whole_file(path, kMaxGeoFileBytes);
  if (!data) return unexpected(data.error());

  // A private copy: see the header. memfd pages live as long as libmaxminddb's mapping.
  const int fd = memfd_create("voipguard-mmdb", MFD_CLOEXEC);
  if (fd < 0) return unexpected(LoadError{path, 0, std::string("memfd_create: ") + std::strerror(errno)});
  size_t written = 0;
  while (written < data->size()) {
    const ssize_t n = ::write(fd, data->data() + written, data->size() - written);
    if (n <= 0) {
      ::close(fd);
      return unexpected(LoadError{path, 0, "cannot copy into memory"});
    }
    written += static_cast<size_t>(n);
  }
  auto h = std::make_unique<Handle>();
  const std::string proc_path = "/proc/self/fd/" + std::to_string(fd);
  const int status = MMDB_open(proc_path.c_str(), MMDB_MODE_MMAP, &h->db);
  ::close(fd);  // the mapping keeps the memory file alive
  if (status != MMDB_SUCCESS) {
    return unexpected(LoadError{path, 0, std::string("not a MaxMind DB file: ") + MMDB_strerror(status)});
  }
  h->open = true;
  std::string type = h->db.metadata.database_type ? h->db.metadata.database_type : "";
  return std::unique_ptr<MmdbReader>(new MmdbReader(std::move(h), data->size(), std::move(type)));
}

size_t MmdbReader::node_count() const { return handle_->db.metadata.node_count; }

Country MmdbReader::lookup(const IpAddress& address) const {
  sockaddr_storage ss{};
  if (address.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
    sin->sin_family = AF_INET;
    const auto b = address.v4_bytes();
    std::memcpy(&sin->sin_addr, b.data(), b.size());
  } else {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
    sin6->sin6_family = AF_INET6;
    std::memcpy(&sin6->sin6_addr, address.bytes().data(), 16);
  }
  int mmdb_error = MMDB_SUCCESS;
  MMDB_lookup_result_s r = MMDB_lookup_sockaddr(&handle_->db, reinterpret_cast<const sockaddr*>(&ss), &mmdb_error);
  if (mmdb_error != MMDB_SUCCESS || !r.found_entry) return Country::unknown();
  for (const char* top : {"country", "registered_country"}) {
    MMDB_entry_data_s data{};
    if (MMDB_get_value(&r.entry, &data, top, "iso_code", nullptr) != MMDB_SUCCESS) continue;
    if (!data.has_data || data.type != MMDB_DATA_TYPE_UTF8_STRING) continue;
    if (auto c = Country::parse(std::string_view(data.utf8_string, data.data_size))) return *c;
  }
  return Country::unknown();
}

}  // namespace vg::geo
