// Readers for auth.password_policy and auth.pin_policy (docs/accounts.md).
#include "config/sections.h"

namespace vg::config::detail {

void read_password_policy(Diagnostics& d, const Field& f, auth::PasswordPolicy& out) {
  MapReader m(d, f);
  auto min = m.get("min_length");
  // Below 8 even a random password falls to an offline attack on a captured digest exchange.
  if (min) (void)read_uint(d, *min, 8, 128, out.min_length);
  if (auto v = m.get("require_upper")) (void)read_bool(d, *v, out.require_upper);
  if (auto v = m.get("require_lower")) (void)read_bool(d, *v, out.require_lower);
  if (auto v = m.get("require_digit")) (void)read_bool(d, *v, out.require_digit);
  if (auto v = m.get("require_symbol")) (void)read_bool(d, *v, out.require_symbol);
  if (auto v = m.get("reject_common")) (void)read_bool(d, *v, out.reject_common);
  if (auto v = m.get("max_run")) (void)read_uint(d, *v, 2, 128, out.max_run);
  m.finish();
}

void read_pin_policy(Diagnostics& d, const Field& f, auth::PinPolicy& out) {
  MapReader m(d, f);
  if (auto v = m.get("min_length")) (void)read_uint(d, *v, 4, 16, out.min_length);
  m.finish();
}

}  // namespace vg::config::detail
