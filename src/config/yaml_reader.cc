// Tree walking and scalar conversion for the configuration loader; every problem becomes a
// ConfigError with a 1-based position and the key path.
#include "config/yaml_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace vg::config::detail {

namespace {

using std::chrono::milliseconds;

}  // namespace

std::string quote(std::string_view s) {
  constexpr size_t kMaxShown = 40;
  std::string out = "'";
  for (size_t i = 0; i < s.size() && i < kMaxShown; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  }
  if (s.size() > kMaxShown) out += "...";
  out += "'";
  return out;
}

namespace {

// What a node is, for "expected X, got Y" messages.
std::string_view kind(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Scalar:
      return n.Tag() == "!" ? "a quoted string" : "a scalar";
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

// A plain (unquoted) scalar: the only kind YAML reads as a number or a boolean.
bool is_plain_scalar(const YAML::Node& n) { return n.IsScalar() && n.Tag() != "!"; }

std::string got(const Field& f) {
  if (f.value.IsScalar() && !f.secret) return ", got " + quote(f.value.Scalar());
  return {};
}

bool parse_i64(std::string_view s, std::int64_t& out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size();
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "1h30m", "500ms", "45s" -> milliseconds. Rejects anything else, including overflow.
bool parse_duration_text(std::string_view s, milliseconds& out) {
  constexpr std::int64_t kMaxMs = std::int64_t{1} << 53;
  if (s.empty()) return false;
  std::int64_t total = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start || i - start > 12) return false;
    std::int64_t n = 0;
    std::from_chars(s.data() + start, s.data() + i, n);
    size_t unit_start = i;
    while (i < s.size() && !is_digit(s[i])) ++i;
    const std::string_view unit = s.substr(unit_start, i - unit_start);
    std::int64_t scale = 0;
    if (unit == "ms") {
      scale = 1;
    } else if (unit == "s") {
      scale = 1000;
    } else if (unit == "m") {
      scale = 60'000;
    } else if (unit == "h") {
      scale = 3'600'000;
    } else if (unit == "d") {
      scale = 86'400'000;
    } else {
      return false;
    }
    total += n * scale;
    if (total > kMaxMs) return false;
  }
  out = milliseconds(total);
  return true;
}

// Levenshtein distance, for "did you mean" hints on unknown keys (keys are short).
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string range_message(std::int64_t min, std::int64_t max) {
  if (max == std::numeric_limits<std::int64_t>::max()) {
    return min == 0 ? "must not be negative" : "must be at least " + std::to_string(min);
  }
  return "must be between " + std::to_string(min) + " and " + std::to_string(max);
}

}  // namespace

void Diagnostics::warning(const YAML::Mark& at, std::string path, std::string message) {
  error(at, std::move(path), std::move(message));
  warnings_.push_back(std::move(errors_.back()));
  errors_.pop_back();
}

void Diagnostics::error(const YAML::Mark& at, std::string path, std::string message) {
  ConfigError e;
  e.file = file_;
  if (at.line >= 0 && at.column >= 0) {
    e.line = at.line + 1;
    e.column = at.column + 1;
  }
  e.path = std::move(path);
  e.message = std::move(message);
  errors_.push_back(std::move(e));
}

std::vector<ConfigError> Diagnostics::take() {
  std::stable_sort(errors_.begin(), errors_.end(), [](const ConfigError& a, const ConfigError& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return std::move(errors_);
}

std::string join_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string out(parent);
  out += '.';
  out += key;
  return out;
}

std::string index_path(std::string_view parent, size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

MapReader::MapReader(Diagnostics& diag, const Field& field) : diag_(diag), field_(field) {
  if (field.is_null()) return;
  if (!field.value.IsMap()) {
    diag_.error(field.mark(), field.path, "must be a map of key: value entries, got " + std::string(kind(field.value)));
    return;
  }
  is_map_ = true;
  for (const auto& kv : field.value) {
    const YAML::Node& key = kv.first;
    if (!key.IsScalar()) {
      diag_.error(key.Mark(), field.path, "keys must be plain words, got " + std::string(kind(key)));
      continue;
    }
    const std::string& name = key.Scalar();
    auto dup = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.key == name; });
    if (dup != entries_.end()) {
      diag_.error(key.Mark(), join_path(field.path, name),
                  "duplicate key (first at line " + std::to_string(line_of(dup->key_mark)) + ")");
      continue;
    }
    entries_.push_back(Entry{name, kv.second, key.Mark(), false});
  }
}

bool MapReader::has(std::string_view key) const {
  return std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.key == key; });
}

std::optional<Field> MapReader::get(std::string_view key) {
  asked_.emplace_back(key);
  for (auto& e : entries_) {
    if (e.key == key) {
      e.taken = true;
      return Field{e.value, join_path(field_.path, key), e.key_mark, false};
    }
  }
  return std::nullopt;
}

std::optional<Field> MapReader::require(std::string_view key) {
  auto f = get(key);
  if (!f && (is_map_ || field_.is_null())) diag_.error(field_.mark(), join_path(field_.path, key), "is required");
  return f;
}

void MapReader::finish() {
  for (const auto& e : entries_) {
    if (e.taken) continue;
    std::string message = "unknown key";
    std::string_view best;
    size_t best_distance = 3;  // suggest only close matches
    for (const auto& k : asked_) {
      const size_t d = edit_distance(e.key, k);
      if (d < best_distance) {
        best_distance = d;
        best = k;
      }
    }
    if (!best.empty()) message += " (did you mean '" + std::string(best) + "'?)";
    diag_.error(e.key_mark, join_path(field_.path, e.key), message);
  }
  entries_.clear();
}

std::vector<Field> read_sequence(Diagnostics& diag, const Field& field) {
  std::vector<Field> items;
  if (field.is_null()) return items;
  if (!field.value.IsSequence()) {
    diag.error(field.mark(), field.path, "must be a list, got " + std::string(kind(field.value)));
    return items;
  }
  size_t i = 0;
  for (const auto& item : field.value) {
    items.push_back(Field{item, index_path(field.path, i), item.IsNull() ? field.mark() : item.Mark(), false});
    ++i;
  }
  return items;
}

bool read_string(Diagnostics& diag, const Field& f, std::string& out) {
  if (!f.value.IsScalar()) {
    diag.error(f.mark(), f.path, "must be a string, got " + std::string(kind(f.value)));
    return false;
  }
  out = f.value.Scalar();
  return true;
}

bool read_bool(Diagnostics& diag, const Field& f, bool& out) {
  if (is_plain_scalar(f.value)) {
    std::string s = f.value.Scalar();
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (s == "true" || s == "false") {
      out = s == "true";
      return true;
    }
  }
  diag.error(f.mark(), f.path,
             "must be true or false" + (f.value.IsScalar() ? got(f) : ", got " + std::string(kind(f.value))));
  return false;
}

bool read_int(Diagnostics& diag, const Field& f, std::int64_t min, std::int64_t max, std::int64_t& out) {
  if (!is_plain_scalar(f.value)) {
    diag.error(f.mark(), f.path, "must be an integer, got " + std::string(kind(f.value)));
    return false;
  }
  std::int64_t v = 0;
  if (!parse_i64(f.value.Scalar(), v)) {
    diag.error(f.mark(), f.path, "must be an integer" + got(f));
    return false;
  }
  if (v < min || v > max) {
    diag.error(f.mark(), f.path, range_message(min, max) + got(f));
    return false;
  }
  out = v;
  return true;
}

std::string format_duration(milliseconds d) {
  const std::int64_t ms = d.count();
  if (ms % 1000 != 0) return std::to_string(ms) + "ms";
  const std::int64_t s = ms / 1000;
  if (s != 0 && s % 86400 == 0) return std::to_string(s / 86400) + "d";
  if (s != 0 && s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s != 0 && s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

bool read_duration(Diagnostics& diag, const Field& f, milliseconds integer_unit, milliseconds granularity,
                   milliseconds min, milliseconds max, milliseconds& out) {
  const std::string_view unit_name = integer_unit == milliseconds(1) ? "milliseconds" : "seconds";
  if (!f.value.IsScalar()) {
    diag.error(f.mark(), f.path, "must be a duration, got " + std::string(kind(f.value)));
    return false;
  }
  const std::string& text = f.value.Scalar();
  if (!text.empty() && text.front() == '-') {
    diag.error(f.mark(), f.path, "must not be negative" + got(f));
    return false;
  }
  milliseconds value{};
  std::int64_t n = 0;
  // A bare number is in integer_unit even when quoted: "600" is as unambiguous as 600.
  if (parse_i64(text, n)) {
    if (n > (std::int64_t{1} << 53) / integer_unit.count()) {
      diag.error(f.mark(), f.path, "is too large" + got(f));
      return false;
    }
    value = n * integer_unit;
  } else if (!parse_duration_text(text, value)) {
    diag.error(f.mark(), f.path,
               "must be a duration: a number of " + std::string(unit_name) +
                   " or a string such as \"30s\", \"5m\", \"1h\"" + got(f));
    return false;
  }
  if (value.count() % granularity.count() != 0) {
    diag.error(f.mark(), f.path, "must be a whole number of " + std::string(unit_name) + got(f));
    return false;
  }
  if (value < min || value > max) {
    diag.error(f.mark(), f.path, "must be between " + format_duration(min) + " and " + format_duration(max) + got(f));
    return false;
  }
  out = value;
  return true;
}

bool read_word(Diagnostics& diag, const Field& f, std::span<const std::string_view> words, size_t& index) {
  std::string list;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) list += i + 1 == words.size() ? " or " : ", ";
    list += words[i];
  }
  if (!f.value.IsScalar()) {
    diag.error(f.mark(), f.path, "must be " + list + ", got " + std::string(kind(f.value)));
    return false;
  }
  for (size_t i = 0; i < words.size(); ++i) {
    if (f.value.Scalar() == words[i]) {
      index = i;
      return true;
    }
  }
  diag.error(f.mark(), f.path, "must be " + list + got(f));
  return false;
}

}  // namespace vg::config::detail
