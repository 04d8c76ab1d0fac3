#include "store/sqlite_binding_store.h"

#include <pthread.h>

#include <algorithm>
#include <utility>

#include "store/migrations.h"

namespace vg::store {
namespace {

// Column order shared by the upsert (?1..?12) and load_all (columns 0..11).
constexpr const char* kUpsertSql =
    "INSERT INTO registrations (aor, contact, call_id, cseq, expires_at, registered_at, source,"
    " transport, listener, behind_nat, user_agent, q)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    " ON CONFLICT (aor, contact) DO UPDATE SET call_id = excluded.call_id, cseq = excluded.cseq,"
    " expires_at = excluded.expires_at, registered_at = excluded.registered_at,"
    " source = excluded.source, transport = excluded.transport, listener = excluded.listener,"
    " behind_nat = excluded.behind_nat, user_agent = excluded.user_agent, q = excluded.q";

constexpr const char* kDeleteSql = "DELETE FROM registrations WHERE aor = ?1 AND contact = ?2";

constexpr const char* kLoadSql =
    "SELECT aor, contact, call_id, cseq, expires_at, registered_at, source, transport, listener,"
    " behind_nat, user_agent, q FROM registrations ORDER BY aor, contact";

SqlResult<void> first_error(std::initializer_list<SqlResult<void>> results) {
  for (const auto& r : results) {
    if (!r) return r;
  }
  return {};
}

SqlResult<void> bind_record(Statement& s, const BindingRecord& r) {
  return first_error({
      s.bind_text(1, r.aor),
      s.bind_text(2, r.contact),
      s.bind_text(3, r.call_id),
      s.bind_int64(4, r.cseq),
      s.bind_int64(5, r.expires_at),
      s.bind_int64(6, r.registered_at),
      s.bind_text(7, r.source),
      s.bind_text(8, r.transport),
      s.bind_int64(9, r.listener),
      s.bind_int64(10, r.behind_nat),
      s.bind_text(11, r.user_agent),
      s.bind_double(12, r.q),
  });
}

BindingRecord read_record(const Statement& s) {
  BindingRecord r;
  r.aor = s.column_text(0);
  r.contact = s.column_text(1);
  r.call_id = s.column_text(2);
  r.cseq = s.column_int64(3);
  r.expires_at = s.column_int64(4);
  r.registered_at = s.column_int64(5);
  r.source = s.column_text(6);
  r.transport = s.column_text(7);
  r.listener = s.column_int64(8);
  r.behind_nat = s.column_int64(9);
  r.user_agent = s.column_text(10);
  r.q = s.column_double(11);
  return r;
}

// Resets a shared statement however apply() leaves it, so the next change starts clean.
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement& s) : s_(s) {}
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;
  ~ResetOnExit() { s_.reset(); }

 private:
  Statement& s_;
};

}  // namespace

Result<std::unique_ptr<SqliteBindingStore>, std::string> SqliteBindingStore::open(
    const std::string& path, std::chrono::milliseconds flush_interval) {
  BindingStoreOptions options;
  options.flush_interval = flush_interval;
  return open(path, options);
}

Result<std::unique_ptr<SqliteBindingStore>, std::string> SqliteBindingStore::open(
    const std::string& path, const BindingStoreOptions& options) {
  if (options.flush_interval <= std::chrono::milliseconds::zero()) {
    return unexpected(std::string("binding store: flush interval must be positive"));
  }
  if (options.queue_capacity == 0) return unexpected(std::string("binding store: queue capacity must be positive"));

  auto db = Database::open(path, OpenOptions{.busy_timeout = options.busy_timeout});
  if (!db) return unexpected(db.error());
  if (auto v = migrate(*db); !v) return unexpected("cannot migrate " + path + ": " + v.error());
  auto upsert = db->prepare(kUpsertSql, /*persistent=*/true);
  if (!upsert) return unexpected(upsert.error());
  auto erase = db->prepare(kDeleteSql, /*persistent=*/true);
  if (!erase) return unexpected(erase.error());

  // The constructor is private: open() is the only way to get a migrated, ready store.
  return std::unique_ptr<SqliteBindingStore>(
      new SqliteBindingStore(std::move(*db), std::move(*upsert), std::move(*erase), options));
}

SqliteBindingStore::SqliteBindingStore(Database db, Statement upsert, Statement erase,
                                       const BindingStoreOptions& options)
    : options_(options),
      wake_threshold_(std::max<size_t>(1, options.queue_capacity / 2)),
      db_(std::move(db)),
      upsert_(std::move(upsert)),
      erase_(std::move(erase)) {
  writer_ = std::thread([this] { run_writer(); });
  pthread_setname_np(writer_.native_handle(), "vg-store");  // visible in top -H; failure is harmless
}

SqliteBindingStore::~SqliteBindingStore() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  writer_cv_.notify_one();
  writer_.join();  // the writer drains the queue before it returns
}

void SqliteBindingStore::save(BindingRecord record) { enqueue(Change{false, std::move(record)}); }

void SqliteBindingStore::remove(std::string aor, std::string contact) {
  Change change{true, {}};
  change.record.aor = std::move(aor);
  change.record.contact = std::move(contact);
  enqueue(std::move(change));
}

void SqliteBindingStore::enqueue(Change change) {
  bool wake = false;
  {
    std::lock_guard lock(queue_mutex_);
    if (queue_.size() >= options_.queue_capacity) {
      // Storage fell behind (slow disk, file locked by another process): the packet path must not
      // wait for it. A dropped save is lost at the next restart; a dropped remove leaves a binding
      // that still expires at its expires_at.
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    queue_.push_back(std::move(change));
    ++queued_seq_;
    if (!urgent_ && queue_.size() >= wake_threshold_) {
      urgent_ = true;
      wake = true;
    }
  }
  if (wake) writer_cv_.notify_one();
}

void SqliteBindingStore::flush() {
  std::unique_lock lock(queue_mutex_);
  const uint64_t target = queued_seq_;
  if (written_seq_ >= target) return;
  flush_requested_ = true;
  writer_cv_.notify_one();
  flushed_cv_.wait(lock, [&] { return written_seq_ >= target; });
}

void SqliteBindingStore::run_writer() {
  // Swapping keeps the vector's capacity in use: after warm-up, enqueue does not allocate.
  std::vector<Change> batch;
  std::unique_lock lock(queue_mutex_);
  auto deadline = std::chrono::steady_clock::now() + options_.flush_interval;
  for (;;) {
    writer_cv_.wait_until(lock, deadline, [&] { return urgent_ || flush_requested_ || stopping_; });
    batch.swap(queue_);
    const uint64_t batch_end = queued_seq_;
    const bool stop = stopping_;
    urgent_ = false;
    flush_requested_ = false;
    lock.unlock();

    if (!batch.empty()) write_batch(batch);
    batch.clear();

    lock.lock();
    written_seq_ = batch_end;
    flushed_cv_.notify_all();
    if (stop && queue_.empty()) return;
    deadline = std::chrono::steady_clock::now() + options_.flush_interval;
  }
}

void SqliteBindingStore::write_batch(std::vector<Change>& batch) {
  std::lock_guard lock(db_mutex_);
  auto tx = Transaction::begin(db_);
  if (!tx) {
    write_errors_.fetch_add(batch.size(), std::memory_order_relaxed);
    set_last_error("write: " + tx.error());
    return;
  }
  uint64_t applied = 0;
  uint64_t failed = 0;
  for (const Change& change : batch) {
    auto r = apply(change);
    if (r) {
      ++applied;
      continue;
    }
    // A statement error (e.g. a constraint) undoes only that change; the rest still go in.
    ++failed;
    set_last_error("write: " + r.error());
    if (!db_.in_transaction()) {
      // Full disk, I/O error: SQLite rolled the whole transaction back by itself.
      write_errors_.fetch_add(batch.size(), std::memory_order_relaxed);
      return;
    }
  }
  if (auto r = tx->commit(); !r) {
    write_errors_.fetch_add(batch.size(), std::memory_order_relaxed);
    set_last_error("write: " + r.error());
    return;
  }
  written_.fetch_add(applied, std::memory_order_relaxed);
  write_errors_.fetch_add(failed, std::memory_order_relaxed);
}

SqlResult<void> SqliteBindingStore::apply(const Change& change) {
  Statement& stmt = change.remove ? erase_ : upsert_;
  ResetOnExit reset(stmt);
  if (change.remove) {
    if (auto r = first_error({stmt.bind_text(1, change.record.aor), stmt.bind_text(2, change.record.contact)}); !r) {
      return r;
    }
  } else if (auto r = bind_record(stmt, change.record); !r) {
    return r;
  }
  if (auto r = stmt.step(); !r) return unexpected(r.error());
  return {};
}

std::vector<BindingRecord> SqliteBindingStore::load_all() {
  auto r = try_load_all();
  if (r) return std::move(r).value();
  return {};
}

Result<std::vector<BindingRecord>, std::string> SqliteBindingStore::try_load_all() {
  std::lock_guard lock(db_mutex_);
  auto fail = [&](const std::string& error) -> Result<std::vector<BindingRecord>, std::string> {
    read_errors_.fetch_add(1, std::memory_order_relaxed);
    set_last_error("load: " + error);
    return unexpected("load: " + error);
  };
  auto stmt = db_.prepare(kLoadSql);
  if (!stmt) return fail(stmt.error());
  std::vector<BindingRecord> out;
  for (;;) {
    auto step = stmt->step();
    if (!step) return fail(step.error());
    if (*step == StepResult::kDone) break;
    out.push_back(read_record(*stmt));
  }
  return out;
}

BindingStoreCounters SqliteBindingStore::counters() const {
  BindingStoreCounters c;
  c.written = written_.load(std::memory_order_relaxed);
  c.dropped = dropped_.load(std::memory_order_relaxed);
  c.write_errors = write_errors_.load(std::memory_order_relaxed);
  c.read_errors = read_errors_.load(std::memory_order_relaxed);
  {
    std::lock_guard lock(queue_mutex_);
    c.queued = queue_.size();
  }
  return c;
}

std::string SqliteBindingStore::last_error() const {
  std::lock_guard lock(error_mutex_);
  return last_error_;
}

void SqliteBindingStore::set_last_error(std::string message) {
  std::lock_guard lock(error_mutex_);
  last_error_ = std::move(message);
}

}  // namespace vg::store
