// Registration bindings kept in a SQLite file so that they survive a restart. Worker threads only
// enqueue changes (never blocking, never touching the file); one background thread writes them in
// one transaction per flush interval.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "store/binding_record.h"
#include "store/sqlite.h"

namespace vg::store {

struct BindingStoreOptions {
  // How often queued changes are written; sooner when the queue passes half its capacity.
  std::chrono::milliseconds flush_interval{1000};
  // Changes waiting to be written (saves and removes together). When full, a change is dropped and
  // counted: the caller never waits for the disk.
  size_t queue_capacity = 65536;
  // How long a write waits for another process holding the file's write lock.
  std::chrono::milliseconds busy_timeout{5000};
};

struct BindingStoreCounters {
  // Every save()/remove() call ends up in exactly one of written, dropped and write_errors.
  uint64_t written = 0;       // changes committed to the file
  uint64_t dropped = 0;       // changes refused because the queue was full
  uint64_t write_errors = 0;  // changes lost because their transaction failed
  uint64_t read_errors = 0;   // failed load_all() calls
  uint64_t queued = 0;        // changes waiting now
};

// Thread-safety: save(), remove(), flush(), counters() and last_error() may be called from any
// thread at once; load_all() too (it waits for a write in progress). The object is destroyed by its
// owner after every other thread has stopped calling it; destruction writes what is queued.
class SqliteBindingStore {
 public:
  // Opens or creates the file (see Database::open), applies missing migrations, starts the writer.
  static Result<std::unique_ptr<SqliteBindingStore>, std::string> open(
      const std::string& path, std::chrono::milliseconds flush_interval = std::chrono::seconds(1));
  static Result<std::unique_ptr<SqliteBindingStore>, std::string> open(const std::string& path,
                                                                      const BindingStoreOptions& options);

  SqliteBindingStore(const SqliteBindingStore&) = delete;
  SqliteBindingStore& operator=(const SqliteBindingStore&) = delete;
  ~SqliteBindingStore();

  // Insert or replace the binding (aor, contact). Only enqueues.
  void save(BindingRecord record);
  // Delete the binding (aor, contact) if present. Only enqueues.
  void remove(std::string aor, std::string contact);

  // Every binding in the file, ordered by (aor, contact). Reads the file only: call flush() first to
  // include queued changes. On a read error returns nothing, counts a read error and keeps the
  // message for last_error(); try_load_all() returns the error instead.
  std::vector<BindingRecord> load_all();
  [[nodiscard]] Result<std::vector<BindingRecord>, std::string> try_load_all();

  // Returns once every change queued before the call has been written (or has failed).
  void flush();

  [[nodiscard]] BindingStoreCounters counters() const;
  // The message of the last failed write or read, empty if none; never contains stored values.
  [[nodiscard]] std::string last_error() const;

 private:
  struct Change {
    bool remove = false;  // false: upsert record; true: delete (record.aor, record.contact)
    BindingRecord record;
  };

  SqliteBindingStore(Database db, Statement upsert, Statement erase, const BindingStoreOptions& options);

  void enqueue(Change change);
  void run_writer();
  void write_batch(std::vector<Change>& batch);
  [[nodiscard]] SqlResult<void> apply(const Change& change);
  void set_last_error(std::string message);

  const BindingStoreOptions options_;
  const size_t wake_threshold_;

  // The connection and its statements; used by the writer thread and load_all(), one at a time.
  std::mutex db_mutex_;
  Database db_;
  Statement upsert_;
  Statement erase_;

  // Queue state. Critical sections are a push or a vector swap, never I/O.
  mutable std::mutex queue_mutex_;
  std::condition_variable writer_cv_;  // wakes the writer: urgent, flush requested or stopping
  std::condition_variable flushed_cv_;  // wakes flush() callers when written_seq_ advances
  std::vector<Change> queue_;
  uint64_t queued_seq_ = 0;   // changes accepted so far
  uint64_t written_seq_ = 0;  // changes the writer has finished with (written or failed)
  bool urgent_ = false;       // the queue passed the wake threshold
  bool flush_requested_ = false;
  bool stopping_ = false;

  std::atomic<uint64_t> written_{0};
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> write_errors_{0};
  std::atomic<uint64_t> read_errors_{0};

  mutable std::mutex error_mutex_;
  std::string last_error_;

  std::thread writer_;  // last: started once everything above exists
};

}  // namespace vg::store
