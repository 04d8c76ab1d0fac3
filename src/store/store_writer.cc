#include "store/store_writer.h"

#include <pthread.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <utility>

#include "store/packed_event.h"
#include "store/record_sql.h"

namespace vg::store {
namespace {

// Rows per INSERT statement; smaller remainders use the next lower power of two, so each table has
// at most 7 distinct statements to prepare.
constexpr size_t kMaxRowsPerStatement = 64;
// Rows per transaction when a long outage left many buffered (keeps one transaction bounded).
constexpr size_t kMaxRowsPerTransaction = 50000;

// The tags of the queue's byte log (StoreWriter::queue_bytes_).
constexpr char kEventEntry = 'E';
constexpr char kBoxedEntry = 'B';

size_t chunk_rows(size_t remaining) {
  size_t k = kMaxRowsPerStatement;
  while (k > remaining) k /= 2;
  return k;
}

int64_t wall_ms(const Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.wall().time_since_epoch()).count();
}

bool is_identifier(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

events::Event store_event(const Clock& clock, std::string kind, events::Severity severity, std::string action,
                          std::string evidence) {
  events::Event e;
  e.time_ms = wall_ms(clock);
  e.kind = std::move(kind);
  e.severity = severity;
  e.filter = "store";
  e.action = std::move(action);
  e.evidence = std::move(evidence);
  return e;
}

}  // namespace

// Statement texts built once per (table, rows) and reused; owned by the writer thread.
struct SqlCache {
  std::map<std::pair<const TableSpec*, size_t>, std::string> inserts;

  const std::string& insert(const TableSpec& spec, size_t rows) {
    auto [it, fresh] = inserts.try_emplace({&spec, rows});
    if (fresh) it->second = insert_sql(spec, rows);
    return it->second;
  }
};

StoreWriter::StoreWriter(std::unique_ptr<Connection> conn, Connector reconnect, const WriterOptions& options,
                         const Clock& clock, events::EventSink* reporter)
    : options_(options),
      clock_(clock),
      reporter_(reporter),
      connector_(std::move(reconnect)),
      dialect_(conn->dialect()),
      conn_(std::move(conn)),
      sql_(std::make_unique<SqlCache>()) {
  thread_ = std::thread([this] { run(); });
  pthread_setname_np(thread_.native_handle(), "vg-store-wr");  // visible in top -H; failure is harmless
}

StoreWriter::~StoreWriter() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  writer_cv_.notify_one();
  thread_.join();  // the thread writes what is queued before it returns
}

template <class Add>
void StoreWriter::admit(Add&& add) {
  bool wake = false;
  {
    std::lock_guard lock(queue_mutex_);
    if (queue_count_ >= options_.queue_capacity) {
      // The database fell behind: the packet path never waits for it. Counted, reported later.
      dropped_queue_full_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    add();
    ++queue_count_;
    ++accepted_;
    if (!urgent_ && queue_count_ >= options_.batch_size) {
      urgent_ = true;
      wake = true;
    }
  }
  if (wake) writer_cv_.notify_one();
}

void StoreWriter::enqueue(Boxed r) {
  admit([&] {
    queue_bytes_.push_back(kBoxedEntry);
    queue_boxed_.push_back(std::move(r));
  });
}

void StoreWriter::enqueue(const events::EventRef& e) {
  admit([&] {
    queue_bytes_.push_back(kEventEntry);
    const size_t at = queue_bytes_.size();
    queue_bytes_.append(sizeof(uint32_t), '\0');
    pack_event(e, queue_bytes_);
    const auto size = static_cast<uint32_t>(queue_bytes_.size() - at - sizeof(uint32_t));
    std::memcpy(queue_bytes_.data() + at, &size, sizeof size);
  });
}

bool StoreWriter::flush() {
  std::unique_lock lock(queue_mutex_);
  const uint64_t target = cycles_begun_ + 1;
  flush_requested_ = true;
  writer_cv_.notify_one();
  flushed_cv_.wait(lock, [&] { return cycles_done_ >= target; });
  return buffered_.load() == 0;
}

SqlResult<std::vector<SqlRow>> StoreWriter::query(std::string_view sql, std::span<const SqlParam> params) {
  std::lock_guard lock(db_mutex_);
  if (!conn_) return unexpected(SqlError("store: not connected"));
  return conn_->query(sql, params);
}

void StoreWriter::run() {
  std::string batch_bytes;
  std::vector<Boxed> batch_boxed;
  std::unique_lock lock(queue_mutex_);
  auto deadline = std::chrono::steady_clock::now() + options_.flush_interval;
  for (;;) {
    writer_cv_.wait_until(lock, deadline, [&] { return urgent_ || flush_requested_ || stopping_; });
    batch_bytes.swap(queue_bytes_);
    batch_boxed.swap(queue_boxed_);
    queue_count_ = 0;
    const uint64_t this_cycle = ++cycles_begun_;
    const bool stop = stopping_;
    urgent_ = false;
    flush_requested_ = false;
    lock.unlock();

    std::vector<events::Event> reports;
    {
      std::lock_guard db(db_mutex_);
      take_entries(batch_bytes, batch_boxed);
      batch_bytes.clear();
      batch_boxed.clear();
      cycle(stop);
      reports = take_reports();
      if (reporter_ == nullptr && !reports.empty()) {
        for (auto& e : reports) pending_.emplace_back(std::move(e));
        reports.clear();
        cycle(stop);
      }
      buffered_.store(pending_.size());
    }
    // No lock held: the reporter may lead back into append().
    for (auto& e : reports) reporter_->emit(std::move(e));

    lock.lock();
    cycles_done_ = this_cycle;
    flushed_cv_.notify_all();
    if (stop && queue_count_ == 0) return;
    const auto now = std::chrono::steady_clock::now();
    deadline = outage_ ? std::max(next_retry_, now + std::chrono::milliseconds(1)) : now + options_.flush_interval;
  }
}

void StoreWriter::take_entries(std::string_view bytes, std::vector<Boxed>& boxed) {
  size_t next_boxed = 0;
  for (size_t pos = 0; pos < bytes.size();) {
    const char tag = bytes[pos++];
    const bool keep = pending_.size() < options_.buffer_limit;
    if (!keep) dropped_buffer_full_.fetch_add(1, std::memory_order_relaxed);
    if (tag == kEventEntry) {
      uint32_t size = 0;
      std::memcpy(&size, bytes.data() + pos, sizeof size);
      pos += sizeof size;
      if (keep) pending_.emplace_back(unpack_event(bytes.substr(pos, size)));
      pos += size;
    } else {
      Boxed& b = boxed[next_boxed++];
      if (keep) std::visit([this](auto& r) { pending_.emplace_back(std::move(*r)); }, b);
    }
  }
}

void StoreWriter::cycle(bool stopping) {
  if (!ensure_connected(stopping) || (!pending_.empty() && !write_pending())) {
    if (stopping) {
      // Nothing more can be done: the database is unreachable and the gateway is going away.
      lost_at_shutdown_.fetch_add(pending_.size(), std::memory_order_relaxed);
      pending_.clear();
    }
    return;
  }
  prune_if_due();
}

bool StoreWriter::ensure_connected(bool force) {
  if (!outage_ && conn_ && conn_->available()) return true;
  if (!outage_) {
    outage_ = true;
    outage_since_ = clock_.mono();
    outages_.fetch_add(1, std::memory_order_relaxed);
    available_.store(false);
    retry_delay_ = options_.retry_initial;
    next_retry_ = std::chrono::steady_clock::now();
    outage_error_ = last_error();
    reports_pending_unavailable_ = true;
  }
  if (conn_ && conn_->available()) return true;  // the failure was transient (e.g. a lock timeout)
  if (!force && std::chrono::steady_clock::now() < next_retry_) return false;
  auto fresh = connector_ ? connector_() : SqlResult<std::unique_ptr<Connection>>(unexpected(SqlError("no reconnect")));
  if (!fresh) {
    set_error(fresh.error());
    next_retry_ = std::chrono::steady_clock::now() + retry_delay_;
    retry_delay_ = std::min(retry_delay_ * 2, options_.retry_max);
    return false;
  }
  conn_ = std::move(*fresh);
  return true;
}

bool StoreWriter::write_pending() {
  while (!pending_.empty()) {
    const size_t n = std::min(pending_.size(), kMaxRowsPerTransaction);
    if (write_transaction(n, false)) continue;
    if (!conn_->available()) break;
    // The database refused a record itself (not an outage): write one at a time, skipping the bad.
    if (write_transaction(n, true)) continue;
    if (!conn_->available()) break;
    // Even row by row the transaction failed (e.g. COMMIT refused): give up on these records.
    rejected_.fetch_add(n, std::memory_order_relaxed);
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
  }
  if (!pending_.empty()) {
    // Unreachable: keep everything for the next attempt.
    if (!outage_) ensure_connected(false);
    next_retry_ = std::chrono::steady_clock::now() + retry_delay_;
    retry_delay_ = std::min(std::max(retry_delay_ * 2, options_.retry_initial), options_.retry_max);
    return false;
  }
  if (outage_) {
    outage_ = false;
    available_.store(true);
    recovered_report_ = true;
    recovered_after_ms_ =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock_.mono() - outage_since_).count();
  }
  return true;
}

bool StoreWriter::write_transaction(size_t count, bool row_by_row) {
  const auto started = std::chrono::steady_clock::now();
  if (auto r = conn_->begin(); !r) {
    set_error("begin: " + r.error());
    return false;
  }
  uint64_t rejected = 0;
  auto r = write_rows(count, row_by_row, rejected);
  if (r) r = conn_->commit();
  if (!r) {
    set_error(r.error());
    conn_->rollback();
    return false;
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(count));
  written_.fetch_add(count - rejected, std::memory_order_relaxed);
  rejected_.fetch_add(rejected, std::memory_order_relaxed);
  if (outage_) recovered_written_ += count - rejected;
  transactions_.fetch_add(1, std::memory_order_relaxed);
  const auto took = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started);
  write_ns_total_.fetch_add(static_cast<uint64_t>(took.count()));
  if (options_.on_batch) options_.on_batch(took, count);
  return true;
}

SqlResult<void> StoreWriter::write_rows(size_t count, bool row_by_row, uint64_t& rejected) {
  if (row_by_row) {
    for (size_t i = 0; i < count; ++i) {
      if (auto r = conn_->exec("SAVEPOINT vg_row"); !r) return r;
      if (auto r = write_range(i, i + 1); !r) {
        if (!conn_->available()) return r;
        set_error(r.error());
        ++rejected;
        if (auto rb = conn_->exec("ROLLBACK TO SAVEPOINT vg_row"); !rb) return rb;
      }
      if (auto r = conn_->exec("RELEASE SAVEPOINT vg_row"); !r) return r;
    }
    return {};
  }
  return write_range(0, count);
}

// Writes pending_[begin, end): events, CDRs and alerts as multi-row INSERTs per table, devices and
// queued statements one by one in their order.
SqlResult<void> StoreWriter::write_range(size_t begin, size_t end) {
  std::vector<events::Event*> evs;
  std::vector<CdrRecord*> cdrs;
  std::vector<AlertRecord*> alerts;
  for (size_t i = begin; i < end; ++i) {
    Record& rec = pending_[i];
    if (auto* e = std::get_if<events::Event>(&rec)) {
      evs.push_back(e);
    } else if (auto* c = std::get_if<CdrRecord>(&rec)) {
      cdrs.push_back(c);
    } else if (auto* a = std::get_if<AlertRecord>(&rec)) {
      alerts.push_back(a);
    } else if (auto* d = std::get_if<DeviceRecord>(&rec)) {
      params_.clear();
      append_params(*d, params_);
      if (auto r = conn_->execute(sql_->insert(devices_table(), 1), params_); !r) return unexpected(r.error());
    } else if (auto* s = std::get_if<QueuedStatement>(&rec)) {
      if (auto r = conn_->execute(s->sql, as_params(s->params)); !r) return unexpected(r.error());
    }
  }
  if (auto r = insert_many(events_table(), evs); !r) return r;
  if (auto r = insert_many(calls_table(), cdrs); !r) return r;
  return insert_many(alerts_table(), alerts);
}

template <class R>
SqlResult<void> StoreWriter::insert_many(const TableSpec& spec, const std::vector<R*>& rows) {
  for (size_t i = 0; i < rows.size();) {
    const size_t k = chunk_rows(rows.size() - i);
    params_.clear();
    scratch_.clear();
    for (size_t j = i; j < i + k; ++j) {
      if constexpr (std::is_same_v<R, events::Event>) {
        append_params(*rows[j], params_, scratch_);
      } else {
        append_params(*rows[j], params_);
      }
    }
    if (auto r = conn_->execute(sql_->insert(spec, k), params_); !r) return unexpected(r.error());
    i += k;
  }
  return {};
}

void StoreWriter::prune_if_due() {
  const auto now = clock_.mono();
  if (pruned_once_ && now < next_prune_) return;
  pruned_once_ = true;
  next_prune_ = now + options_.prune_interval;
  const int64_t now_ms = wall_ms(clock_);
  for (const RetentionRule& rule : options_.retention) {
    if (rule.days <= 0 || !is_identifier(rule.table) || !is_identifier(rule.time_column)) continue;
    const std::string sql = "DELETE FROM " + rule.table + " WHERE " + rule.time_column + " < $1";
    const SqlParam cutoff[] = {now_ms - rule.days * 86'400'000};
    auto r = conn_->execute(sql, cutoff);
    if (!r) {
      set_error("retention " + rule.table + ": " + r.error());
      continue;
    }
    pruned_.fetch_add(static_cast<uint64_t>(*r), std::memory_order_relaxed);
  }
}

std::vector<events::Event> StoreWriter::take_reports() {
  std::vector<events::Event> out;
  if (reports_pending_unavailable_) {
    reports_pending_unavailable_ = false;
    out.push_back(store_event(clock_, "store.unavailable", events::Severity::kCritical, "buffer",
                              "database unreachable (" + outage_error_ +
                                  "); records are buffered and retried"));
  }
  if (outage_) return out;  // the rest is reported once the database takes writes again
  if (recovered_report_) {
    recovered_report_ = false;
    auto e = store_event(clock_, "store.recovered", events::Severity::kNotice, "resume",
                         "database reachable again after " + std::to_string(recovered_after_ms_) + " ms; " +
                             std::to_string(recovered_written_) + " buffered records written");
    e.fields = {{"outage_ms", std::to_string(recovered_after_ms_)},
                {"written", std::to_string(recovered_written_)}};
    recovered_written_ = 0;
    out.push_back(std::move(e));
  }
  const uint64_t q = dropped_queue_full_.load();
  const uint64_t b = dropped_buffer_full_.load();
  const uint64_t r = rejected_.load();
  const uint64_t dq = q - reported_queue_full_;
  const uint64_t db = b - reported_buffer_full_;
  const uint64_t dr = r - reported_rejected_;
  if (dq + db + dr > 0) {
    reported_queue_full_ = q;
    reported_buffer_full_ = b;
    reported_rejected_ = r;
    auto e = store_event(clock_, "store.lost", events::Severity::kWarning, "count",
                         std::to_string(dq + db + dr) + " records lost since the last report (queue full: " +
                             std::to_string(dq) + ", buffer full: " + std::to_string(db) +
                             ", refused by the database: " + std::to_string(dr) + ")");
    e.fields = {{"lost", std::to_string(dq + db + dr)},
                {"queue_full", std::to_string(dq)},
                {"buffer_full", std::to_string(db)},
                {"rejected", std::to_string(dr)}};
    out.push_back(std::move(e));
  }
  return out;
}

WriterCounters StoreWriter::counters() const {
  WriterCounters c;
  c.written = written_.load();
  c.dropped_queue_full = dropped_queue_full_.load();
  c.dropped_buffer_full = dropped_buffer_full_.load();
  c.rejected = rejected_.load();
  c.lost_at_shutdown = lost_at_shutdown_.load();
  c.buffered = buffered_.load();
  c.outages = outages_.load();
  c.transactions = transactions_.load();
  c.write_ns_total = write_ns_total_.load();
  c.pruned = pruned_.load();
  c.available = available_.load();
  {
    std::lock_guard lock(queue_mutex_);
    c.queued = queue_count_;
    c.accepted = accepted_;
  }
  return c;
}

std::string StoreWriter::last_error() const {
  std::lock_guard lock(error_mutex_);
  return last_error_;
}

void StoreWriter::set_error(std::string message) {
  std::lock_guard lock(error_mutex_);
  last_error_ = std::move(message);
}

}  // namespace vg::store
