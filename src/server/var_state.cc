#include "server/var_state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <fstream>
#include <sstream>

#include "auth/algorithm.h"
#include "auth/digest.h"
#include "auth/password_policy.h"

namespace vg::server {

namespace {

std::string errno_text() { return std::strerror(errno); }

// Writes a file atomically with mode 0600 (temp file + rename).
Result<void, std::string> write_private(const std::string& path, std::string_view data, bool append = false) {
  if (append) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return unexpected("cannot open " + path + ": " + errno_text());
    ::fchmod(fd, 0600);
    ssize_t n = ::write(fd, data.data(), data.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(data.size())) return unexpected("cannot write " + path);
    return {};
  }
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return unexpected("cannot create " + tmp + ": " + errno_text());
  ::fchmod(fd, 0600);
  ssize_t n = ::write(fd, data.data(), data.size());
  bool ok = n == static_cast<ssize_t>(data.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return unexpected("cannot write " + path + ": " + errno_text());
  }
  return {};
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool safe_component(std::string_view s) {
  if (s.empty() || s == "." || s == "..") return false;
  for (char ch : s) {
    if (ch == '/' || ch == '\0') return false;
  }
  return true;
}

}  // namespace

Result<VarState, std::string> VarState::open(const std::string& var_dir) {
  std::error_code ec;
  std::filesystem::create_directories(var_dir, ec);
  if (ec) return unexpected("cannot create " + var_dir + ": " + ec.message());
  ::chmod(var_dir.c_str(), 0700);
  return VarState(var_dir);
}

Result<auth::Secret, std::string> VarState::nonce_secret(Random& random) {
  const std::string path = dir_ + "/nonce.secret";
  auth::Secret secret{};
  if (auto data = read_file(path)) {
    if (data->size() != secret.size()) return unexpected(path + ": corrupt (expected 32 bytes); remove it to regenerate");
    std::memcpy(secret.data(), data->data(), secret.size());
    return secret;
  }
  secret = auth::generate_secret(random);
  auto w = write_private(path, std::string_view(reinterpret_cast<const char*>(secret.data()), secret.size()));
  if (!w) return unexpected(w.error());
  return secret;
}

Result<void, std::string> VarState::fill_generated(config::Config& cfg, Random& random,
                                                   std::vector<std::string>& announcements) {
  const std::string base = dir_ + "/accounts";
  for (auto& tenant : cfg.tenants) {
    for (auto& acct : tenant.accounts) {
      if (acct.credential != config::CredentialSource::kGenerate) continue;
      if (!safe_component(tenant.domain) || !safe_component(acct.username)) {
        return unexpected("account name not usable as a file name: " + acct.username + "@" + tenant.domain);
      }
      const std::string dir = base + "/" + tenant.domain;
      const std::string path = dir + "/" + acct.username + ".ha1";
      if (auto data = read_file(path)) {
        std::istringstream in(*data);
        std::string line;
        while (std::getline(in, line)) {
          if (line.rfind("md5 ", 0) == 0) acct.ha1_md5 = line.substr(4);
          if (line.rfind("sha256 ", 0) == 0) acct.ha1_sha256 = line.substr(7);
        }
        if (acct.ha1_md5.size() != 32 || acct.ha1_sha256.size() != 64) {
          return unexpected(path + ": corrupt; remove it to generate a new password");
        }
        continue;
      }
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      if (ec) return unexpected("cannot create " + dir + ": " + ec.message());
      ::chmod(base.c_str(), 0700);
      ::chmod(dir.c_str(), 0700);
      std::string password = auth::generate_password(random);
      auto md5 = auth::ha1(auth::Algorithm::kMd5, acct.username, tenant.domain, password);
      auto sha = auth::ha1(auth::Algorithm::kSha256, acct.username, tenant.domain, password);
      if (!md5 || !sha) return unexpected(std::string("cannot hash the generated password (crypto library)"));
      acct.ha1_md5 = *md5;
      acct.ha1_sha256 = *sha;
      auto w = write_private(path, "md5 " + *md5 + "\nsha256 " + *sha + "\n");
      if (!w) return unexpected(w.error());
      std::string line = acct.username + "@" + tenant.domain + ": " + password;
      auto a = append_credential(line);
      if (!a) return unexpected(a.error());
      announcements.push_back(std::move(line));
      std::fill(password.begin(), password.end(), '\0');
    }
  }
  return {};
}

Result<void, std::string> VarState::append_credential(std::string_view line) {
  return write_private(dir_ + "/generated-credentials.txt", std::string(line) + "\n", true);
}

}  // namespace vg::server
