// The process log: one logger for the whole daemon, configured from the `log:` section (level,
// text or JSON lines, stderr or a file). Records are formatted on the calling thread only when their
// level is enabled (one relaxed atomic load otherwise) and written by spdlog's background thread
// through a bounded queue: a full queue overwrites the oldest record and counts it (dropped()), so a
// packet thread never waits for a slow disk or terminal.
//
// Never pass a secret (password, HA1, nonce, nonce secret, Authorization value, key) to these
// functions: log what was observed about a message (method, status, source, Call-ID, user name).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "core/result.h"

namespace vg::log {

enum class Level { kTrace, kDebug, kInfo, kWarn, kError };
enum class Format { kText, kJson };

struct Options {
  Level level = Level::kInfo;
  Format format = Format::kText;
  std::string file;  // empty: stderr; else appended to (created 0600)
  std::size_t queue_size = 8192;  // records waiting for the writer thread
};

// Installs the process logger (replacing the previous one). Call from the main thread before other
// threads log, or at start-up; an unwritable file is an error and leaves the previous logger.
Result<void, std::string> init(const Options& opts);
// Changes the level of the running logger (reload).
void set_level(Level l);
// Writes queued records and stops the writer thread (end of main).
void shutdown();
// Records overwritten because the queue was full.
uint64_t dropped();
// Records waiting for the writer thread now (at most Options::queue_size): a depth that stays near
// the queue size means the log file or terminal is too slow and records are about to be dropped.
uint64_t queue_depth();

// "trace" | "debug" | "info" | "warn" | "error".
std::string_view to_string(Level l);

namespace detail {
spdlog::level::level_enum to_spdlog(Level l);
}

[[nodiscard]] inline bool enabled(Level l) {
  return spdlog::default_logger_raw()->should_log(detail::to_spdlog(l));
}

template <class... Args>
void write(Level l, fmt::format_string<Args...> f, Args&&... args) {
  auto* logger = spdlog::default_logger_raw();
  const auto sl = detail::to_spdlog(l);
  if (!logger->should_log(sl)) return;
  logger->log(sl, f, std::forward<Args>(args)...);
}

template <class... Args>
void trace(fmt::format_string<Args...> f, Args&&... args) { write(Level::kTrace, f, std::forward<Args>(args)...); }
template <class... Args>
void debug(fmt::format_string<Args...> f, Args&&... args) { write(Level::kDebug, f, std::forward<Args>(args)...); }
template <class... Args>
void info(fmt::format_string<Args...> f, Args&&... args) { write(Level::kInfo, f, std::forward<Args>(args)...); }
template <class... Args>
void warn(fmt::format_string<Args...> f, Args&&... args) { write(Level::kWarn, f, std::forward<Args>(args)...); }
template <class... Args>
void error(fmt::format_string<Args...> f, Args&&... args) { write(Level::kError, f, std::forward<Args>(args)...); }

// Appends `s` with control characters escaped as \xNN (text format: an attacker's Call-ID must not
// forge a second log line or send terminal escapes).
void append_escaped_text(std::string_view s, std::string& out);
// Appends `s` as the inside of a JSON string (RFC 8259 §7).
void append_json_string(std::string_view s, std::string& out);

}  // namespace vg::log
