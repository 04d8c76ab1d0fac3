// Internal to vg_config: walks a yaml-cpp tree, converts scalars to typed values with range checks,
// and collects every error with its file:line:column and key path instead of stopping at the first.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "config/error.h"

namespace vg::config::detail {

class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}
  void error(const YAML::Mark& at, std::string path, std::string message);
  // A problem accepted on purpose (it does not fail the load); ends up in Config::warnings.
  void warning(const YAML::Mark& at, std::string path, std::string message);
  [[nodiscard]] std::vector<ConfigError> take_warnings() { return std::move(warnings_); }
  [[nodiscard]] bool empty() const { return errors_.empty(); }
  [[nodiscard]] size_t count() const { return errors_.size(); }
  // Errors sorted by position (stable: same position keeps discovery order).
  [[nodiscard]] std::vector<ConfigError> take();

 private:
  std::string file_;
  std::vector<ConfigError> errors_;
  std::vector<ConfigError> warnings_;
};

// One value found in the tree: the node, its key path, and where to point at in errors.
struct Field {
  YAML::Node value;
  std::string path;
  YAML::Mark key_mark;  // mark of the key (or of the sequence item) that introduced the value
  bool secret = false;  // never echo the value in a message

  // A null value (`key:` with nothing after it) has no useful mark of its own; the key has.
  [[nodiscard]] YAML::Mark mark() const { return value.IsNull() ? key_mark : value.Mark(); }
  [[nodiscard]] bool is_null() const { return value.IsNull(); }
};

// 'text' shortened to 40 characters with control characters replaced, for messages. Never call
// it on a secret.
std::string quote(std::string_view s);

std::string join_path(std::string_view parent, std::string_view key);
std::string index_path(std::string_view parent, size_t index);

// Reads the entries of one YAML map. Every key must be taken with get/require before finish(),
// which reports the others as unknown; duplicate keys are reported too.
class MapReader {
 public:
  // A null field reads as an empty map (a section left empty keeps its defaults); anything but a
  // map is reported and reads as empty.
  MapReader(Diagnostics& diag, const Field& field);
  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;

  [[nodiscard]] bool is_map() const { return is_map_; }
  [[nodiscard]] const Field& field() const { return field_; }
  [[nodiscard]] bool has(std::string_view key) const;
  // The entry for `key`, marked as known; nullopt when absent.
  std::optional<Field> get(std::string_view key);
  // Like get, but reports "is required" (at the map) when absent.
  std::optional<Field> require(std::string_view key);
  // Reports keys nobody asked for.
  void finish();

 private:
  struct Entry {
    std::string key;
    YAML::Node value;
    YAML::Mark key_mark;
    bool taken = false;
  };
  Diagnostics& diag_;
  Field field_;
  bool is_map_ = false;
  std::vector<Entry> entries_;      // file order, duplicates removed (reported at construction)
  std::vector<std::string> asked_;  // every key looked up, for "did you mean" hints
};

// Items of a YAML sequence as Fields with `parent[i]` paths. A null field is an empty list;
// anything but a sequence is reported and reads as empty.
std::vector<Field> read_sequence(Diagnostics& diag, const Field& field);

// Scalar conversions: each reports its own error and returns false (leaving `out` alone) on failure.
bool read_string(Diagnostics& diag, const Field& f, std::string& out);
bool read_bool(Diagnostics& diag, const Field& f, bool& out);
bool read_int(Diagnostics& diag, const Field& f, std::int64_t min, std::int64_t max, std::int64_t& out);

template <class T>
bool read_uint(Diagnostics& diag, const Field& f, std::int64_t min, std::int64_t max, T& out) {
  static_assert(std::is_unsigned_v<T>);
  std::int64_t v = 0;
  if (!read_int(diag, f, min, max, v)) return false;
  out = static_cast<T>(v);
  return true;
}

// A duration: a plain integer in `integer_unit`, or a string of number+unit groups such as "30s",
// "5m", "1h30m", "500ms" (units ms, s, m, h, d). The result must be a whole number of `granularity`
// and lie in [min, max].
bool read_duration(Diagnostics& diag, const Field& f, std::chrono::milliseconds integer_unit,
                   std::chrono::milliseconds granularity, std::chrono::milliseconds min, std::chrono::milliseconds max,
                   std::chrono::milliseconds& out);

// Human form of a duration for messages: "90s", "5m", "1h", "500ms".
std::string format_duration(std::chrono::milliseconds d);

template <class E>
struct EnumName {
  std::string_view name;
  E value;
};

// One of a closed set of words (case-sensitive, as documented).
bool read_word(Diagnostics& diag, const Field& f, std::span<const std::string_view> words, size_t& index);

template <class E, size_t N>
bool read_enum(Diagnostics& diag, const Field& f, const EnumName<E> (&table)[N], E& out) {
  std::string_view words[N];
  for (size_t i = 0; i < N; ++i) words[i] = table[i].name;
  size_t index = 0;
  if (!read_word(diag, f, words, index)) return false;
  out = table[index].value;
  return true;
}

// 1-based line of a mark, for messages such as "first defined at line 12".
inline int line_of(const YAML::Mark& m) { return m.line + 1; }

}  // namespace vg::config::detail
