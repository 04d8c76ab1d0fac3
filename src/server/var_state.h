// Runtime state kept under node.var_dir: the digest nonce secret and the generated passwords of
// accounts configured with `generate_password: true` (only their HA1 hashes are kept; the plaintext
// is written once, mode 0600, to var/generated-credentials.txt and printed once).
#pragma once

#include <string>
#include <vector>

#include "auth/nonce.h"
#include "config/config.h"
#include "core/random.h"
#include "core/result.h"

namespace vg::server {

class VarState {
 public:
  // Creates var_dir (mode 0700) if needed.
  static Result<VarState, std::string> open(const std::string& var_dir);

  // The 32-byte secret that keys digest nonces; created on first use (mode 0600).
  Result<auth::Secret, std::string> nonce_secret(Random& random);

  // Fills ha1_md5/ha1_sha256 of every kGenerate account from var/, generating a strong password for
  // accounts seen for the first time. The plaintext of new passwords goes to `announcements`
  // ("user@domain: password") and is appended to generated-credentials.txt (0600) — nowhere else.
  Result<void, std::string> fill_generated(config::Config& cfg, Random& random, std::vector<std::string>& announcements);

  // Appends one line to generated-credentials.txt (mode 0600): the one copy of a generated secret
  // besides the terminal (server/first_admin.cc).
  Result<void, std::string> append_credential(std::string_view line);

  [[nodiscard]] const std::string& dir() const { return dir_; }

 private:
  explicit VarState(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace vg::server
