#include "store/pg_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <type_traits>

namespace vg::store {
namespace {

// libpq reports NOTICEs (e.g. "relation already exists, skipping") on stderr by default; they are
// not errors and would only clutter the gateway's log.
void ignore_notice(void* /*arg*/, const char* /*message*/) {}

std::string trim_message(const char* m) {
  std::string s = m != nullptr ? m : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Text-format parameters: libpq wants NUL-terminated strings (or null for SQL NULL).
struct TextParams {
  std::vector<std::string> storage;
  std::vector<const char*> values;

  explicit TextParams(std::span<const SqlParam> params) {
    storage.resize(params.size());
    values.resize(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              return;
            } else if constexpr (std::is_same_v<T, std::string_view>) {
              storage[i].assign(v);
            } else {
              char buf[40];
              auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
              storage[i].assign(buf, ec == std::errc() ? end : buf);
            }
            values[i] = storage[i].c_str();
          },
          params[i]);
    }
  }
};

}  // namespace

void PgConnDeleter::operator()(pg_conn* c) const { PQfinish(c); }
void PgResultDeleter::operator()(pg_result* r) const { PQclear(r); }

SqlResult<PgConnPtr> pg_connect(const PgOptions& options) {
  const std::string timeout = std::to_string(options.connect_timeout_s);
  // expand_dbname: "dbname" carries the whole connection string; later keywords override earlier
  // ones, so the connection string may rename the application but not change the encoding.
  const char* keys[] = {"application_name", "dbname", "connect_timeout", "client_encoding", "password", nullptr};
  const char* values[] = {"voipguard", options.conninfo.c_str(), timeout.c_str(), "UTF8",
                          options.password.empty() ? nullptr : options.password.c_str(), nullptr};
  PgConnPtr conn(PQconnectdbParams(keys, values, 1));
  if (!conn) return unexpected(SqlError("postgresql: out of memory"));
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return unexpected("postgresql: cannot connect: " + trim_message(PQerrorMessage(conn.get())));
  }
  PQsetNoticeProcessor(conn.get(), ignore_notice, nullptr);
  return conn;
}

SqlResult<std::unique_ptr<PgConnection>> PgConnection::open(const PgOptions& options) {
  auto conn = pg_connect(options);
  if (!conn) return unexpected(conn.error());
  return std::unique_ptr<PgConnection>(new PgConnection(options, std::move(*conn)));
}

SqlError PgConnection::error(const char* what) const {
  return std::string("postgresql: ") + what + ": " + trim_message(PQerrorMessage(conn_.get()));
}

bool PgConnection::available() const { return conn_ && PQstatus(conn_.get()) == CONNECTION_OK; }

SqlResult<void> PgConnection::reconnect() {
  statements_.clear();  // prepared statements live in the server session that ended
  conn_.reset();
  auto conn = pg_connect(options_);
  if (!conn) return unexpected(conn.error());
  conn_ = std::move(*conn);
  return {};
}

SqlResult<void> PgConnection::exec(std::string_view sql) {
  if (!conn_) return unexpected(SqlError("postgresql: not connected"));
  const std::string text(sql);
  PgResultPtr res(PQexec(conn_.get(), text.c_str()));
  const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return unexpected(error("exec"));
  return {};
}

SqlResult<PgResultPtr> PgConnection::run(std::string_view sql, std::span<const SqlParam> params) {
  if (!conn_) return unexpected(SqlError("postgresql: not connected"));
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    std::string name = "vg" + std::to_string(statements_.size() + 1);
    const std::string text(sql);
    PgResultPtr prep(PQprepare(conn_.get(), name.c_str(), text.c_str(), 0, nullptr));
    if (!prep || PQresultStatus(prep.get()) != PGRES_COMMAND_OK) return unexpected(error("prepare"));
    it = statements_.emplace(text, std::move(name)).first;
  }
  TextParams text(params);
  PgResultPtr res(PQexecPrepared(conn_.get(), it->second.c_str(), static_cast<int>(params.size()),
                                 text.values.data(), nullptr, nullptr, 0));
  const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return unexpected(error("execute"));
  return res;
}

SqlResult<int64_t> PgConnection::execute(std::string_view sql, std::span<const SqlParam> params) {
  auto res = run(sql, params);
  if (!res) return unexpected(res.error());
  const char* n = PQcmdTuples(res->get());
  int64_t changed = 0;
  if (n != nullptr) std::from_chars(n, n + std::char_traits<char>::length(n), changed);
  return changed;
}

SqlResult<std::vector<SqlRow>> PgConnection::query(std::string_view sql, std::span<const SqlParam> params) {
  auto res = run(sql, params);
  if (!res) return unexpected(res.error());
  PGresult* r = res->get();
  const int rows = PQntuples(r);
  const int cols = PQnfields(r);
  std::vector<SqlRow> out(static_cast<size_t>(rows));
  for (int i = 0; i < rows; ++i) {
    SqlRow& row = out[static_cast<size_t>(i)];
    row.reserve(static_cast<size_t>(cols));
    for (int c = 0; c < cols; ++c) {
      if (PQgetisnull(r, i, c) != 0) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(r, i, c), static_cast<size_t>(PQgetlength(r, i, c))));
      }
    }
  }
  return out;
}

void PgConnection::rollback() {
  if (conn_ && PQstatus(conn_.get()) == CONNECTION_OK && PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) {
    PgResultPtr res(PQexec(conn_.get(), "ROLLBACK"));
  }
}

}  // namespace vg::store
