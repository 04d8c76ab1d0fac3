#include "store/fraud_suspensions.h"

#include <charconv>

#include "store/account_store.h"

namespace vg::store {

namespace {

FraudSuspension from_row(const SqlRow& r) {
  FraudSuspension s;
  s.tenant = r[0].value_or("");
  s.account = r[1].value_or("");
  if (r[2]) std::from_chars(r[2]->data(), r[2]->data() + r[2]->size(), s.since_ms);
  s.reason = r[3].value_or("");
  return s;
}

}  // namespace

SqlResult<void> FraudSuspensions::suspend(const FraudSuspension& s) {
  const std::string_view reason = std::string_view(s.reason).substr(0, kMaxReason);
  const SqlParam p[] = {std::string_view(s.tenant), std::string_view(s.account), s.since_ms, reason};
  // Upsert: the same syntax on SQLite (>= 3.24) and PostgreSQL.
  auto n = change_with_revision(conn_, kRevision,
                                "INSERT INTO fraud_suspensions (tenant, account, since_ms, reason) VALUES ($1, $2, $3, $4) "
                                "ON CONFLICT (tenant, account) DO UPDATE SET since_ms = excluded.since_ms, "
                                "reason = excluded.reason",
                                p);
  if (!n) return unexpected(n.error());
  return {};
}

SqlResult<bool> FraudSuspensions::lift(std::string_view tenant, std::string_view account) {
  const SqlParam p[] = {tenant, account};
  auto n = change_with_revision(conn_, kRevision, "DELETE FROM fraud_suspensions WHERE tenant = $1 AND account = $2", p);
  if (!n) return unexpected(n.error());
  return *n > 0;
}

SqlResult<std::optional<FraudSuspension>> FraudSuspensions::find(std::string_view tenant, std::string_view account) {
  const SqlParam p[] = {tenant, account};
  auto rows = conn_.query(
      "SELECT tenant, account, since_ms, reason FROM fraud_suspensions WHERE tenant = $1 AND account = $2", p);
  if (!rows) return unexpected(rows.error());
  if (rows->empty()) return std::optional<FraudSuspension>{};
  return std::optional<FraudSuspension>{from_row(rows->front())};
}

SqlResult<std::vector<FraudSuspension>> FraudSuspensions::list(std::string_view tenant) {
  const SqlParam p[] = {tenant};
  auto rows = conn_.query(
      "SELECT tenant, account, since_ms, reason FROM fraud_suspensions WHERE $1 = '' OR tenant = $1 "
      "ORDER BY tenant, account",
      p);
  if (!rows) return unexpected(rows.error());
  std::vector<FraudSuspension> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(from_row(r));
  return out;
}

SqlResult<int64_t> FraudSuspensions::revision() { return read_revision(conn_, kRevision); }

}  // namespace vg::store
