#include "store/migrations.h"

#include "store/sqlite_connection.h"

#include <iterator>
#include <string>

namespace vg::store {
namespace {

// Append only. A released migration is never edited: databases in the field have already run it.
constexpr Migration kMigrations[] = {
    {1, "registrations",
     R"sql(
      -- Location service bindings (RFC 3261 §10.3), one row per (address of record, contact),
      -- so that registrations survive a restart.
      CREATE TABLE registrations (
        aor           TEXT    NOT NULL,
        contact       TEXT    NOT NULL,
        call_id       TEXT    NOT NULL,
        cseq          INTEGER NOT NULL,
        expires_at    INTEGER NOT NULL,  -- unix seconds
        registered_at INTEGER NOT NULL,  -- unix seconds
        source        TEXT    NOT NULL,  -- "ip:port" the REGISTER came from
        transport     TEXT    NOT NULL,  -- "UDP", "TCP" or "TLS"
        listener      INTEGER NOT NULL,
        behind_nat    INTEGER NOT NULL,  -- 0 or 1
        user_agent    TEXT    NOT NULL,
        q             REAL    NOT NULL,
        PRIMARY KEY (aor, contact)
      );
      -- Purging expired bindings at start-up reads by expiry.
      CREATE INDEX registrations_expires_at ON registrations (expires_at);
     )sql",
     // PostgreSQL: INTEGER is 32 bits there (unix seconds overflow in 2038) and REAL is single precision.
     R"sql(
      CREATE TABLE registrations (
        aor           TEXT             NOT NULL,
        contact       TEXT             NOT NULL,
        call_id       TEXT             NOT NULL,
        cseq          BIGINT           NOT NULL,
        expires_at    BIGINT           NOT NULL,
        registered_at BIGINT           NOT NULL,
        source        TEXT             NOT NULL,
        transport     TEXT             NOT NULL,
        listener      BIGINT           NOT NULL,
        behind_nat    BIGINT           NOT NULL,
        user_agent    TEXT             NOT NULL,
        q             DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (aor, contact)
      );
      CREATE INDEX registrations_expires_at ON registrations (expires_at);
     )sql"},
    {2, "security events, calls, devices, alerts",
     R"sql(
      -- Security events (src/events/event.h): what a component saw or decided. Times are unix
      -- milliseconds; text columns are never NULL (empty when unknown).
      CREATE TABLE security_events (
        id          {{ID}},
        time_ms     BIGINT  NOT NULL,
        kind        TEXT    NOT NULL,  -- "auth.failure", "filter.flood", "store.lost", ...
        severity    TEXT    NOT NULL,  -- info, notice, warning, critical
        source_ip   TEXT    NOT NULL,
        source_port INTEGER NOT NULL,
        transport   TEXT    NOT NULL,
        tenant      TEXT    NOT NULL,
        account     TEXT    NOT NULL,
        filter      TEXT    NOT NULL,  -- component that decided
        rule        TEXT    NOT NULL,  -- rule of that component that fired
        action      TEXT    NOT NULL,  -- "drop", "reply:403", "ban", ...
        evidence    TEXT    NOT NULL,
        fields      TEXT    NOT NULL   -- JSON object of extra facts
      );
      CREATE INDEX security_events_time ON security_events (time_ms);
      CREATE INDEX security_events_kind ON security_events (kind, time_ms);
      CREATE INDEX security_events_source ON security_events (source_ip, time_ms);

      -- Call detail records: one row per call attempt, written when it ends.
      CREATE TABLE calls (
        id          {{ID}},
        call_id     TEXT             NOT NULL,
        tenant      TEXT             NOT NULL,
        account     TEXT             NOT NULL,
        caller_raw  TEXT             NOT NULL,  -- as received (From user part)
        caller      TEXT             NOT NULL,  -- normalized (E.164 when it is a number)
        callee_raw  TEXT             NOT NULL,  -- as dialled (Request-URI user part)
        callee      TEXT             NOT NULL,  -- normalized E.164
        dest_class  TEXT             NOT NULL,  -- national, mobile, international, premium, ...
        country     TEXT             NOT NULL,  -- ISO 3166 alpha-2 of the destination
        source_ip   TEXT             NOT NULL,
        source_port INTEGER          NOT NULL,
        user_agent  TEXT             NOT NULL,
        start_ms    BIGINT           NOT NULL,  -- INVITE received
        answer_ms   BIGINT,                     -- 2xx; NULL when never answered
        end_ms      BIGINT           NOT NULL,
        duration_ms BIGINT           NOT NULL,  -- answer to end; 0 when never answered
        billable_s  BIGINT           NOT NULL,  -- after billing increments
        cost        DOUBLE PRECISION NOT NULL,  -- in the rate table's currency
        disposition TEXT             NOT NULL,  -- answered, busy, no_answer, failed, cancelled, blocked, torn_down
        sip_status  INTEGER          NOT NULL,  -- final status code, 0 if none
        hangup_side TEXT             NOT NULL,  -- caller, callee, gateway or empty
        decision    TEXT             NOT NULL,  -- allow, warn, block, suspend
        score       INTEGER          NOT NULL,  -- fraud score of the decision
        rules       TEXT             NOT NULL   -- JSON array of the rules that fired, with why
      );
      CREATE INDEX calls_start ON calls (start_ms);
      CREATE INDEX calls_account ON calls (tenant, account, start_ms);
      CREATE INDEX calls_callee ON calls (callee, start_ms);

      -- Device inventory: every contact that registered, with what its User-Agent says it is.
      CREATE TABLE devices (
        tenant        TEXT    NOT NULL,
        account       TEXT    NOT NULL,
        contact       TEXT    NOT NULL,
        source_ip     TEXT    NOT NULL,
        source_port   INTEGER NOT NULL,
        transport     TEXT    NOT NULL,
        user_agent    TEXT    NOT NULL,
        vendor        TEXT    NOT NULL,
        model         TEXT    NOT NULL,
        firmware      TEXT    NOT NULL,
        first_seen_ms BIGINT  NOT NULL,
        last_seen_ms  BIGINT  NOT NULL,
        PRIMARY KEY (tenant, account, contact)
      );
      CREATE INDEX devices_last_seen ON devices (last_seen_ms);

      -- Alerts as delivered (or not) to each channel.
      CREATE TABLE alerts (
        id         {{ID}},
        time_ms    BIGINT  NOT NULL,
        rule       TEXT    NOT NULL,  -- alert rule name from the config
        alert_key  TEXT    NOT NULL,  -- de-duplication key
        severity   TEXT    NOT NULL,
        channel    TEXT    NOT NULL,  -- webhook, syslog, email
        status     TEXT    NOT NULL,  -- delivered, failed, suppressed
        attempts   INTEGER NOT NULL,
        event_kind TEXT    NOT NULL,  -- kind of the event that raised it
        summary    TEXT    NOT NULL,
        error      TEXT    NOT NULL   -- last delivery error, empty when delivered
      );
      CREATE INDEX alerts_time ON alerts (time_ms);
     )sql",
     {}},
    {3, "accounts, admin users",
     R"sql(
      -- SIP accounts managed with `voipguard account` (docs/accounts.md). Only digest hashes:
      -- HA1 = H(username:realm:password) for MD5 and SHA-256, realm = tenant domain.
      CREATE TABLE accounts (
        tenant      TEXT    NOT NULL,  -- tenant domain (lower case), also the digest realm
        username    TEXT    NOT NULL,
        ha1_md5     TEXT    NOT NULL,
        ha1_sha256  TEXT    NOT NULL,
        enabled     INTEGER NOT NULL,  -- 0 or 1
        allow_from  TEXT    NOT NULL,  -- comma-separated CIDRs; empty = anywhere
        created_at  BIGINT  NOT NULL,  -- unix seconds
        updated_at  BIGINT  NOT NULL,
        PRIMARY KEY (tenant, username)
      );
      -- Bumped in the same transaction as every change of a table it names, so that a running
      -- gateway notices changes with one cheap read instead of reloading everything.
      CREATE TABLE store_revisions (
        name     TEXT   PRIMARY KEY,
        revision BIGINT NOT NULL
      );
      INSERT INTO store_revisions (name, revision) VALUES ('accounts', 0);

      -- Administrators of the console (docs/admin.md). No default admin exists.
      CREATE TABLE admin_users (
        username          TEXT    PRIMARY KEY,
        password_hash     TEXT    NOT NULL,  -- argon2id string from libsodium crypto_pwhash_str
        totp_secret       TEXT    NOT NULL,  -- base32 RFC 6238 key; empty = not enrolled
        totp_last_step    BIGINT  NOT NULL,  -- last accepted time step (replay protection)
        enabled           INTEGER NOT NULL,
        created_at        BIGINT  NOT NULL,
        updated_at        BIGINT  NOT NULL
      );
      -- Single-use recovery codes, stored as salted SHA-256 (the codes carry 80 random bits).
      CREATE TABLE admin_recovery_codes (
        id        {{ID}},
        username  TEXT   NOT NULL,
        salt      TEXT   NOT NULL,
        code_hash TEXT   NOT NULL,
        used_at   BIGINT             -- NULL while unused
      );
      CREATE INDEX admin_recovery_codes_user ON admin_recovery_codes (username);
      -- What administrators did (and failed logins), append only.
      CREATE TABLE admin_audit_log (
        id       {{ID}},
        time_ms  BIGINT NOT NULL,
        actor    TEXT   NOT NULL,  -- admin username, or "cli" for the command line
        action   TEXT   NOT NULL,  -- "admin.add", "login.failure", "account.disable", ...
        target   TEXT   NOT NULL,
        source   TEXT   NOT NULL,  -- client address, empty for the CLI
        detail   TEXT   NOT NULL   -- never a secret
      );
      CREATE INDEX admin_audit_log_time ON admin_audit_log (time_ms);
     )sql",
     {}},
    {4, "bans",
     R"sql(
      -- The ban list of the security pipeline (docs/filters.md), restored at start. Feed entries
      -- are not stored here (feeds re-import them).
      CREATE TABLE bans (
        network     TEXT    PRIMARY KEY,  -- "192.0.2.1/32", "2001:db8:1:2::/64"
        created_at  BIGINT  NOT NULL,     -- unix seconds
        expires_at  BIGINT  NOT NULL,     -- unix seconds; 0 = until removed
        reason      TEXT    NOT NULL,     -- operator text or the evidence; never a secret
        rule        TEXT    NOT NULL      -- "scanner/signature", "bruteforce/per_source", "cli", ...
      );
     )sql",
     {}},
    {5, "fraud suspensions",
     R"sql(
      -- Accounts suspended by toll-fraud prevention (docs/fraud.md): restored at start, lifted by
      -- `voipguard account enable` (the row deleted). Changes bump the 'fraud_suspensions'
      -- revision, which the running gateway polls with the accounts revision.
      CREATE TABLE fraud_suspensions (
        tenant    TEXT   NOT NULL,  -- tenant domain (lower case)
        account   TEXT   NOT NULL,  -- username (registrar mode) or From user (edge mode)
        since_ms  BIGINT NOT NULL,  -- unix milliseconds of the suspension
        reason    TEXT   NOT NULL,  -- the rules that fired, with why; never a secret
        PRIMARY KEY (tenant, account)
      );
      INSERT INTO store_revisions (name, revision) VALUES ('fraud_suspensions', 0);
     )sql",
     {}},
};

}  // namespace

std::string migration_sql(const Migration& m, Dialect d) {
  std::string sql(d == Dialect::kPostgresql && !m.postgresql.empty() ? m.postgresql : m.sql);
  const std::string_view id = d == Dialect::kSqlite ? "INTEGER PRIMARY KEY"
                                                    : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  constexpr std::string_view kToken = "{{ID}}";
  for (size_t at = sql.find(kToken); at != std::string::npos; at = sql.find(kToken, at + id.size())) {
    sql.replace(at, kToken.size(), id);
  }
  return sql;
}

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return static_cast<int>(std::size(kMigrations)); }

SqlResult<int> schema_version(Database& db) {
  auto exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!exists) return unexpected(exists.error());
  auto row = exists->step();
  if (!row) return unexpected(row.error());
  if (*row == StepResult::kDone) return 0;

  auto stmt = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!stmt) return unexpected(stmt.error());
  auto step = stmt->step();
  if (!step) return unexpected(step.error());
  return static_cast<int>(stmt->column_int64(0));
}

SqlResult<int> migrate(Database& db, std::span<const Migration> list) {
  SqliteConnection conn(db);
  return migrate(conn, list);
}

}  // namespace vg::store
