// Keeps the current geo Database and reloads it when its files change, while traffic flows.
// Packet threads call current() (an atomic shared_ptr load: no lock held during a lookup). A reload
// is built off to the side on the polling thread and swapped in whole; if the new files do not load
// (a half-copied file, a parse error) or shrink suspiciously, the old database stays and an event
// says why. A change is loaded only once the files' size and mtime have stayed the same for one
// whole poll, so a file still being copied in is not read.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "events/sink.h"
#include "geo/database.h"

namespace vg::geo {

class Watcher {
 public:
  // `sink` and `clock` must outlive the watcher.
  Watcher(Sources sources, events::EventSink& sink, const Clock& clock);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  // First load, at start: an error here is a configuration error (the caller refuses to start).
  Result<void, LoadError> load();

  // The database in force (nullptr before a successful load()). Any thread.
  [[nodiscard]] std::shared_ptr<const Database> current() const { return current_.load(std::memory_order_acquire); }

  enum class PollResult : uint8_t { kUnchanged, kSettling, kReloaded, kFailed };
  // One check of the files (what the background thread does every interval; tests call it directly).
  PollResult poll();

  // A new table with fewer than this share of the current one's ranges is refused: a tor-format
  // file cut at a line boundary parses cleanly but would silently un-block most of the world.
  static constexpr double kMinShrinkRatio = 0.5;

  // Polls every `interval` on a background thread until stop() or destruction.
  void start(std::chrono::milliseconds interval);
  void stop();

 private:
  struct FileState {
    bool exists = false;
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    uint64_t inode = 0;
    friend bool operator==(const FileState&, const FileState&) = default;
  };
  [[nodiscard]] std::vector<FileState> snapshot_files() const;
  void emit(std::string kind, events::Severity severity, std::string evidence);

  const Sources sources_;
  events::EventSink& sink_;
  const Clock& clock_;
  std::atomic<std::shared_ptr<const Database>> current_;

  // Polling state; only the polling thread (or the test calling poll()) touches it.
  std::vector<FileState> loaded_;
  std::vector<FileState> pending_;
  bool has_pending_ = false;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace vg::geo
