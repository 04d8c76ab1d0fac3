#include "geo/watcher.h"

#include <sys/stat.h>

namespace vg::geo {

Watcher::Watcher(Sources sources, events::EventSink& sink, const Clock& clock)
    : sources_(std::move(sources)), sink_(sink), clock_(clock) {}

Watcher::~Watcher() { stop(); }

std::vector<Watcher::FileState> Watcher::snapshot_files() const {
  std::vector<FileState> out;
  for (const auto& path : sources_.all_files()) {
    FileState s;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
      s.exists = true;
      s.size = static_cast<uint64_t>(st.st_size);
      s.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
      s.inode = static_cast<uint64_t>(st.st_ino);
    }
    out.push_back(s);
  }
  return out;
}

void Watcher::emit(std::string kind, events::Severity severity, std::string evidence) {
  events::Event e;
  e.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.wall().time_since_epoch()).count();
  e.kind = std::move(kind);
  e.severity = severity;
  e.filter = "geo";
  e.action = "reload";
  e.evidence = std::move(evidence);
  sink_.emit(std::move(e));
}

Result<void, LoadError> Watcher::load() {
  auto files = snapshot_files();
  auto db = Database::load(sources_);
  if (!db) return unexpected(db.error());
  current_.store(std::move(*db), std::memory_order_release);
  loaded_ = std::move(files);
  has_pending_ = false;
  return {};
}

Watcher::PollResult Watcher::poll() {
  auto files = snapshot_files();
  if (files == loaded_) {
    has_pending_ = false;
    return PollResult::kUnchanged;
  }
  if (!has_pending_ || files != pending_) {
    // Changed since the last look: maybe still being written. Wait for it to settle.
    pending_ = std::move(files);
    has_pending_ = true;
    return PollResult::kSettling;
  }
  has_pending_ = false;
  loaded_ = files;  // success or not, retry only on the next change (no event storm)
  auto db = Database::load(sources_);
  if (!db) {
    emit("geo.reload_failed", events::Severity::kWarning,
         db.error().to_string() + "; keeping the previous database");
    return PollResult::kFailed;
  }
  auto old = current();
  if (old && static_cast<double>((*db)->size()) < kMinShrinkRatio * static_cast<double>(old->size())) {
    emit("geo.reload_failed", events::Severity::kWarning,
         "new data has " + std::to_string((*db)->size()) + " entries, the current one " +
             std::to_string(old->size()) + " (truncated file?); keeping the previous database");
    return PollResult::kFailed;
  }
  const std::string description = (*db)->describe();
  current_.store(std::move(*db), std::memory_order_release);
  emit("geo.reloaded", events::Severity::kInfo, "loaded " + description);
  return PollResult::kReloaded;
}

void Watcher::start(std::chrono::milliseconds interval) {
  stop();
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, interval, [this] { return stopping_; })) {
      lock.unlock();
      (void)poll();
      lock.lock();
    }
  });
}

void Watcher::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace vg::geo
