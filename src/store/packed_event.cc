#include "store/packed_event.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace vg::store {

namespace {

static_assert(std::is_trivially_copyable_v<Endpoint>, "an Endpoint is packed as its bytes");

template <class T>
void put(std::string& out, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

void put_text(std::string& out, std::string_view s) {
  put(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}

// Reads what put/put_text wrote, in the same order. The bytes come from pack_event in this process,
// never from outside: a short read is a bug, answered with empty values rather than a crash.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <class T>
  T get() {
    T v{};
    if (bytes_.size() - pos_ >= sizeof v) {
      std::memcpy(&v, bytes_.data() + pos_, sizeof v);
      pos_ += sizeof v;
    } else {
      pos_ = bytes_.size();
    }
    return v;
  }
  [[nodiscard]] bool at_end() const { return pos_ >= bytes_.size(); }
  std::string text() {
    const size_t n = std::min<size_t>(get<uint32_t>(), bytes_.size() - pos_);
    std::string s(bytes_.substr(pos_, n));
    pos_ += n;
    return s;
  }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

}  // namespace

void pack_event(const events::Event& e, std::string& out) {
  put(out, e.time_ms);
  put(out, static_cast<uint8_t>(e.severity));
  put(out, static_cast<uint8_t>(e.source.has_value()));
  if (e.source) put(out, *e.source);
  events::for_each_text(e, [&](const std::string& s) { put_text(out, s); });
  put(out, static_cast<uint32_t>(e.fields.size()));
  for (const auto& [k, v] : e.fields) {
    put_text(out, k);
    put_text(out, v);
  }
}

events::Event unpack_event(std::string_view bytes) {
  Reader r(bytes);
  events::Event e;
  e.time_ms = r.get<int64_t>();
  e.severity = static_cast<events::Severity>(r.get<uint8_t>());
  if (r.get<uint8_t>() != 0) e.source = r.get<Endpoint>();
  events::for_each_text(e, [&](std::string& s) { s = r.text(); });
  const uint32_t n = r.get<uint32_t>();
  e.fields.reserve(std::min<uint32_t>(n, 64));
  for (uint32_t i = 0; i < n && !r.at_end(); ++i) {
    std::string k = r.text();
    e.fields.emplace_back(std::move(k), r.text());
  }
  return e;
}

}  // namespace vg::store
