// The store's asynchronous writer: packet threads hand it records (security events, CDRs, devices,
// alerts, or any parameterized statement of another component's table) and return at once; one
// background thread writes them in batches, one transaction per flush interval, to the database
// behind a store::Connection (SQLite or PostgreSQL). It also prunes old rows (retention).
//
// Guarantees (docs/storage.md): a record accepted by append() is either written, or counted as lost
// (and reported by a "store.lost" event once the database takes writes again). A full queue refuses
// and counts, never blocks. While the database is unreachable, records stay buffered (up to
// buffer_limit) and the writer reconnects with exponential backoff; a clean shutdown writes
// everything; a crash loses at most what arrived since the last flush.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "events/sink.h"
#include "store/connection.h"
#include "store/records.h"

namespace vg::store {

struct TableSpec;
struct SqlCache;

// Rows of `table` whose `time_column` (unix milliseconds) is older than `days` are deleted.
struct RetentionRule {
  std::string table;
  std::string time_column;
  int64_t days = 0;  // 0 keeps rows forever
};

struct WriterOptions {
  std::chrono::milliseconds flush_interval{1000};  // at most this much is lost by a crash
  size_t queue_capacity = 200000;                  // records waiting for the writer thread
  size_t batch_size = 5000;                        // this many queued wakes the writer early
  size_t buffer_limit = 1000000;                   // records kept while the database is unreachable
  std::chrono::milliseconds retry_initial{500};    // first reconnect delay, doubled up to retry_max
  std::chrono::milliseconds retry_max{30000};
  std::vector<RetentionRule> retention;
  std::chrono::seconds prune_interval{3600};  // on the injected Clock's monotonic time
  // Called on the writer thread after each committed batch (its duration and rows), e.g. to feed a
  // latency histogram. Must not block and must not call back into the writer.
  std::function<void(std::chrono::nanoseconds, size_t)> on_batch;
};

// A statement of another component's table (bans, accounts, ...), run in order with the other
// queued statements. sql must be a literal (statements are prepared and cached by their text).
struct QueuedStatement {
  std::string_view sql;
  std::vector<SqlValue> params;
};

struct WriterCounters {
  uint64_t accepted = 0;            // taken by append()/execute()/emit()
  uint64_t written = 0;             // committed to the database
  uint64_t dropped_queue_full = 0;  // refused: the queue was full
  uint64_t dropped_buffer_full = 0; // lost: the database was unreachable and the buffer full
  uint64_t rejected = 0;            // lost: the database refused the record itself (a constraint)
  uint64_t lost_at_shutdown = 0;    // lost: still buffered when the writer stopped
  uint64_t queued = 0;              // waiting for the writer thread now
  uint64_t buffered = 0;            // taken by the writer thread, not yet written
  uint64_t outages = 0;             // times the database became unreachable
  uint64_t transactions = 0;        // committed batches
  uint64_t write_ns_total = 0;      // time spent in committed batches
  uint64_t pruned = 0;              // rows deleted by retention
  bool available = true;            // the database took the last write
};

// Thread-safety: append(), execute(), emit(), flush(), counters() and query() may be called from
// any thread; append/execute/emit never block (a short critical section: bytes appended to a buffer).
// query() waits for a batch in progress. Destruction stops the thread after writing what is queued.
class StoreWriter final : public events::EventSink {
 public:
  // A record taken from the queue, waiting on the writer thread to be written.
  using Record = std::variant<events::Event, CdrRecord, DeviceRecord, AlertRecord, QueuedStatement>;
  // A record other than an event in the queue: boxed, as it is rare (see queue_bytes_).
  using Boxed = std::variant<std::unique_ptr<CdrRecord>, std::unique_ptr<DeviceRecord>, std::unique_ptr<AlertRecord>,
                             std::unique_ptr<QueuedStatement>>;
  // Opens a fresh connection to the same database, migrated (used to reconnect after an outage).
  using Connector = std::function<SqlResult<std::unique_ptr<Connection>>()>;

  // conn is connected and migrated. reporter receives the writer's own events (store.unavailable,
  // store.recovered, store.lost) without any lock held; it may be a sink that leads back to this
  // writer. nullptr: they are written to security_events directly.
  StoreWriter(std::unique_ptr<Connection> conn, Connector reconnect, const WriterOptions& options,
              const Clock& clock, events::EventSink* reporter = nullptr);
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;
  ~StoreWriter() override;

  void emit(const events::EventRef& e) override { enqueue(e); }
  void append(const events::EventRef& e) { enqueue(e); }
  void append(CdrRecord r) { enqueue(std::make_unique<CdrRecord>(std::move(r))); }
  // Inserts the device or, when (tenant, account, contact) exists, updates all but first_seen_ms.
  void upsert(DeviceRecord r) { enqueue(std::make_unique<DeviceRecord>(std::move(r))); }
  void append(AlertRecord r) { enqueue(std::make_unique<AlertRecord>(std::move(r))); }
  void execute(std::string_view literal_sql, std::vector<SqlValue> params) {
    enqueue(std::make_unique<QueuedStatement>(QueuedStatement{literal_sql, std::move(params)}));
  }

  // Runs one writer cycle that starts after the call (so every record accepted before it is taken)
  // and returns when it ends: the records are written, or buffered because the database is
  // unreachable (the cycle then retried the connection if its backoff allowed). True when nothing
  // is left buffered.
  bool flush();

  // Reads through the writer's connection (between batches). Not for the packet path.
  [[nodiscard]] SqlResult<std::vector<SqlRow>> query(std::string_view sql, std::span<const SqlParam> params = {});

  [[nodiscard]] WriterCounters counters() const;
  [[nodiscard]] Dialect dialect() const { return dialect_; }
  // The last database error, empty if none. Names tables and columns, never a password.
  [[nodiscard]] std::string last_error() const;

 private:
  // Moves the boxed record into the queue, or refuses and counts it when full.
  void enqueue(Boxed r);
  // Packs e into the queue's byte log (e itself stays with the caller's thread), or refuses it.
  void enqueue(const events::EventRef& e);
  // The queue's admission: under queue_mutex_, refuses (and counts) when full, else calls add() to
  // put one record's entry in and wakes the writer when a batch is due.
  template <class Add>
  void admit(Add&& add);
  void run();
  // Moves the records of a batch taken from the queue into pending_ (unpacking the events), or drops
  // and counts them when pending_ is at buffer_limit.
  void take_entries(std::string_view bytes, std::vector<Boxed>& boxed);
  // One cycle of the writer thread (db_mutex_ held): connect if needed, write, prune.
  void cycle(bool stopping);
  // True when a usable connection exists; during an outage, reconnects when the backoff allows
  // (or at once when force).
  bool ensure_connected(bool force);
  // Writes pending_ in transactions; false when the database became unreachable.
  bool write_pending();
  // Writes the first count pending records in one transaction and removes them; false if it failed.
  bool write_transaction(size_t count, bool row_by_row);
  SqlResult<void> write_rows(size_t count, bool row_by_row, uint64_t& rejected);
  SqlResult<void> write_range(size_t begin, size_t end);
  template <class R>
  SqlResult<void> insert_many(const TableSpec& spec, const std::vector<R*>& rows);
  void prune_if_due();
  // The writer's own events due now (store.unavailable, store.recovered, store.lost).
  std::vector<events::Event> take_reports();
  void set_error(std::string message);

  const WriterOptions options_;
  const Clock& clock_;
  events::EventSink* reporter_;
  Connector connector_;
  const Dialect dialect_;

  // The connection and the records taken from the queue; used by the writer thread, and by query().
  mutable std::mutex db_mutex_;
  std::unique_ptr<Connection> conn_;
  std::deque<Record> pending_;

  // Writer-thread state (db_mutex_ held).
  std::unique_ptr<SqlCache> sql_;
  std::vector<SqlParam> params_;
  std::deque<std::string> scratch_;
  bool outage_ = false;
  Clock::MonoTime outage_since_{};
  std::chrono::milliseconds retry_delay_{0};
  std::chrono::steady_clock::time_point next_retry_{};
  Clock::MonoTime next_prune_{};
  bool pruned_once_ = false;
  std::string outage_error_;
  bool reports_pending_unavailable_ = false;
  bool recovered_report_ = false;
  uint64_t recovered_written_ = 0;
  int64_t recovered_after_ms_ = 0;
  uint64_t reported_queue_full_ = 0;
  uint64_t reported_buffer_full_ = 0;
  uint64_t reported_rejected_ = 0;

  // Queue state. Critical sections are a push or a vector swap, never I/O.
  mutable std::mutex queue_mutex_;
  std::condition_variable writer_cv_;
  std::condition_variable flushed_cv_;
  // The queue, in arrival order: a byte log of entries, each a tag byte and, for an event, its
  // packed size and bytes (store/packed_event.h); an entry of any other record is the tag alone, the
  // record being the next of queue_boxed_. An event is thus only bytes appended to one buffer: the
  // fewer cache lines the packet thread writes per event, the less it slows down.
  std::string queue_bytes_;
  std::vector<Boxed> queue_boxed_;
  size_t queue_count_ = 0;  // records in the queue
  uint64_t accepted_ = 0;   // records ever admitted
  uint64_t cycles_begun_ = 0;  // cycles that have taken the queue
  uint64_t cycles_done_ = 0;   // cycles that have finished
  bool urgent_ = false;
  bool flush_requested_ = false;
  bool stopping_ = false;

  std::atomic<uint64_t> written_{0};
  std::atomic<uint64_t> dropped_queue_full_{0};
  std::atomic<uint64_t> dropped_buffer_full_{0};
  std::atomic<uint64_t> rejected_{0};
  std::atomic<uint64_t> lost_at_shutdown_{0};
  std::atomic<uint64_t> buffered_{0};
  std::atomic<uint64_t> outages_{0};
  std::atomic<uint64_t> transactions_{0};
  std::atomic<uint64_t> write_ns_total_{0};
  std::atomic<uint64_t> pruned_{0};
  std::atomic<bool> available_{true};

  mutable std::mutex error_mutex_;
  std::string last_error_;

  std::thread thread_;  // last: started once everything above exists
};

}  // namespace vg::store
