#include "store/packed_event.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace vg::store {

namespace {

static_assert(std::is_trivially_copyable_v<Endpoint>, "an Endpoint is packed as its bytes");

// A length is one byte below kLongLength, else kLongLength and four bytes: most texts are short, and
// the fewer bytes an event takes, the fewer cache lines the packet thread writes for it.
constexpr uint8_t kLongLength = 0xFF;

// Writes into a region sized beforehand by a Sizer going through the same put_event calls.
class Writer {
 public:
  explicit Writer(char* at) : at_(at) {}
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::memcpy(at_, &v, sizeof v);
    at_ += sizeof v;
  }
  void put_length(size_t n) {
    if (n < kLongLength) {
      put(static_cast<uint8_t>(n));
    } else {
      put(kLongLength);
      put(static_cast<uint32_t>(n));
    }
  }
  void put_text(std::string_view s) {
    put_length(s.size());
    if (!s.empty()) std::memcpy(at_, s.data(), s.size());
    at_ += s.size();
  }

 private:
  char* at_;
};

// Counts what a Writer would write, so that packing an event grows the log once.
class Sizer {
 public:
  template <class T>
  void put(const T& /*v*/) {
    size_ += sizeof(T);
  }
  void put_length(size_t n) { size_ += n < kLongLength ? 1 : 1 + sizeof(uint32_t); }
  void put_text(std::string_view s) {
    put_length(s.size());
    size_ += s.size();
  }
  [[nodiscard]] size_t size() const { return size_; }

 private:
  size_t size_ = 0;
};

// The one description of the byte form: sized by a Sizer, written by a Writer, read by unpack_event.
template <class Out>
void put_event(Out& out, const events::EventRef& e) {
  out.put(e.time_ms);
  out.put(static_cast<uint8_t>(e.severity));
  out.put(static_cast<uint8_t>(e.source.has_value()));
  if (e.source) out.put(*e.source);
  events::for_each_text(e, [&](std::string_view s) { out.put_text(s); });
  out.put_length(e.fields.size());
  for (size_t i = 0; i < e.fields.size(); ++i) {
    out.put_text(e.fields.key(i));
    out.put_text(e.fields.value(i));
  }
}

// Reads what Writer wrote, in the same order. The bytes come from pack_event in this process, never
// from outside: a short read is a bug, answered with empty values rather than a crash.
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
  size_t length() {
    const auto n = get<uint8_t>();
    return n < kLongLength ? n : get<uint32_t>();
  }
  [[nodiscard]] bool at_end() const { return pos_ >= bytes_.size(); }
  std::string text() {
    const size_t n = std::min(length(), bytes_.size() - pos_);
    std::string s(bytes_.substr(pos_, n));
    pos_ += n;
    return s;
  }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

}  // namespace

void pack_event(const events::EventRef& e, std::string& out) {
  Sizer sizer;
  put_event(sizer, e);
  const size_t at = out.size();
  out.resize(at + sizer.size());
  Writer w(out.data() + at);
  put_event(w, e);
}

events::Event unpack_event(std::string_view bytes) {
  Reader r(bytes);
  events::Event e;
  e.time_ms = r.get<int64_t>();
  e.severity = static_cast<events::Severity>(r.get<uint8_t>());
  if (r.get<uint8_t>() != 0) e.source = r.get<Endpoint>();
  events::for_each_text(e, [&](std::string& s) { s = r.text(); });
  const size_t n = r.length();
  e.fields.reserve(std::min<size_t>(n, 64));
  for (size_t i = 0; i < n && !r.at_end(); ++i) {
    std::string k = r.text();
    e.fields.emplace_back(std::move(k), r.text());
  }
  return e;
}

}  // namespace vg::store
