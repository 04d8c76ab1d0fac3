// Accounts suspended by toll-fraud prevention (table `fraud_suspensions`, migration 5), on either
// backend through store::Connection. The running gateway writes a row when it suspends an account
// and restores the rows at start; `voipguard account enable` deletes one. Every change bumps the
// 'fraud_suspensions' revision in the same transaction, so the gateway's account sync notices a
// lifted suspension with one cheap read (docs/fraud.md). Not for the packet path.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.h"

namespace vg::store {

struct FraudSuspension {
  std::string tenant;   // domain, lower case
  std::string account;
  int64_t since_ms = 0;  // unix milliseconds
  std::string reason;    // the rules that fired; never a secret
};

// Used by one thread at a time, like its connection.
class FraudSuspensions {
 public:
  static constexpr std::string_view kRevision = "fraud_suspensions";
  static constexpr std::size_t kMaxReason = 1024;  // longer reasons are cut

  explicit FraudSuspensions(Connection& conn) : conn_(conn) {}

  // Records a suspension (a suspended account suspended again keeps the newer time and reason).
  [[nodiscard]] SqlResult<void> suspend(const FraudSuspension& s);
  // Lifts a suspension; false when the account was not suspended.
  [[nodiscard]] SqlResult<bool> lift(std::string_view tenant, std::string_view account);

  [[nodiscard]] SqlResult<std::optional<FraudSuspension>> find(std::string_view tenant, std::string_view account);
  // Every suspension of `tenant` (all tenants when empty), ordered by tenant and account.
  [[nodiscard]] SqlResult<std::vector<FraudSuspension>> list(std::string_view tenant = {});
  // Grows with every change of the table.
  [[nodiscard]] SqlResult<int64_t> revision();

 private:
  Connection& conn_;
};

}  // namespace vg::store
