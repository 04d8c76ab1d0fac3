// spdlog set-up: our own formatters (UTC timestamp, our level names, escaping of attacker-supplied
// text, JSON lines) and an async logger over a bounded queue that overwrites the oldest record.
#include "log/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>

#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace vg::log {

namespace {

constexpr std::string_view kLevelNames[] = {"trace", "debug", "info", "warn", "error", "error", "off"};

std::string_view level_name(spdlog::level::level_enum l) {
  return kLevelNames[static_cast<std::size_t>(l) < std::size(kLevelNames) ? static_cast<std::size_t>(l) : 6];
}

// 2026-11-27T18:15:18.123Z
void append_time(spdlog::log_clock::time_point tp, std::string& out) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(tp.time_since_epoch()).count();
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  const auto n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  out.append(buf, n);
  out.append(fmt::format(".{:03}Z", ms % 1000));
}

class TextFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string line;
    line.reserve(msg.payload.size() + 40);
    append_time(msg.time, line);
    line.push_back(' ');
    line.append(level_name(msg.level));
    line.push_back(' ');
    append_escaped_text(std::string_view(msg.payload.data(), msg.payload.size()), line);
    line.push_back('\n');
    dest.append(line.data(), line.data() + line.size());
  }
  [[nodiscard]] std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<TextFormatter>(); }
};

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string line = "{\"time\":\"";
    append_time(msg.time, line);
    line.append("\",\"level\":\"");
    line.append(level_name(msg.level));
    line.append("\",\"msg\":\"");
    append_json_string(std::string_view(msg.payload.data(), msg.payload.size()), line);
    line.append("\"}\n");
    dest.append(line.data(), line.data() + line.size());
  }
  [[nodiscard]] std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

// The writer thread's queue; kept here so the logger that uses it can be replaced (spdlog's
// async loggers hold only a weak reference).
std::mutex g_mu;
std::shared_ptr<spdlog::details::thread_pool> g_pool;

Result<void, std::string> create_private_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return unexpected("cannot open log file " + path + ": " + std::strerror(errno));
  ::close(fd);
  return {};
}

std::shared_ptr<spdlog::logger> sync_stderr_logger() {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("voipguard", std::move(sink));
  logger->set_formatter(std::make_unique<TextFormatter>());
  return logger;
}

}  // namespace

namespace detail {
spdlog::level::level_enum to_spdlog(Level l) {
  switch (l) {
    case Level::kTrace: return spdlog::level::trace;
    case Level::kDebug: return spdlog::level::debug;
    case Level::kInfo: return spdlog::level::info;
    case Level::kWarn: return spdlog::level::warn;
    case Level::kError: return spdlog::level::err;
  }
  return spdlog::level::info;
}
}  // namespace detail

std::string_view to_string(Level l) { return kLevelNames[static_cast<std::size_t>(detail::to_spdlog(l))]; }

Result<void, std::string> init(const Options& opts) {
  spdlog::sink_ptr sink;
  try {
    if (opts.file.empty()) {
      sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    } else {
      if (auto r = create_private_file(opts.file); !r) return r;
      sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(opts.file, false);
    }
  } catch (const spdlog::spdlog_ex& e) {
    return unexpected(std::string("cannot open log: ") + e.what());
  }
  if (opts.format == Format::kJson) {
    sink->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    sink->set_formatter(std::make_unique<TextFormatter>());
  }
  std::lock_guard lock(g_mu);
  auto pool = std::make_shared<spdlog::details::thread_pool>(opts.queue_size, 1);
  auto logger = std::make_shared<spdlog::async_logger>("voipguard", std::move(sink), pool,
                                                       spdlog::async_overflow_policy::overrun_oldest);
  logger->set_level(detail::to_spdlog(opts.level));
  // Flushing happens on the writer thread: every record reaches the file promptly (tests and
  // `tail -f` see it) without a packet thread ever waiting for it.
  logger->flush_on(spdlog::level::trace);
  auto old = spdlog::default_logger();
  spdlog::set_default_logger(logger);
  if (old) old->flush();
  auto old_pool = std::move(g_pool);
  g_pool = std::move(pool);
  return {};
}

void set_level(Level l) { spdlog::default_logger_raw()->set_level(detail::to_spdlog(l)); }

void shutdown() {
  std::lock_guard lock(g_mu);
  auto logger = spdlog::default_logger();
  if (logger) logger->flush();
  // Later records (static destructors) go straight to stderr; the pool's thread drains and exits.
  spdlog::set_default_logger(sync_stderr_logger());
  logger.reset();
  g_pool.reset();
}

uint64_t dropped() {
  std::lock_guard lock(g_mu);
  return g_pool ? static_cast<uint64_t>(g_pool->overrun_counter()) : 0;
}

uint64_t queue_depth() {
  std::lock_guard lock(g_mu);
  return g_pool ? static_cast<uint64_t>(g_pool->queue_size()) : 0;
}

void append_escaped_text(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) {
      out.append("\\x");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
}

void append_json_string(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        // Bytes >= 0x80 are escaped too (as U+0080..U+00FF): an attacker's invalid UTF-8 must not
        // make the line invalid JSON.
        if (c < 0x20 || c >= 0x7f) {
          out.append("\\u00");
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        } else {
          out.push_back(ch);
        }
    }
  }
}

}  // namespace vg::log
