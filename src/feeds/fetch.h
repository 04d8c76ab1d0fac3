// Getting a feed's bytes: a local file or an HTTP(S) URL (cpp-httplib, certificates verified).
// Runs only on the feed thread, never on the packet path. Feed URLs often carry an API key
// (APIBAN: https://apiban.org/api/KEY/banned), so only redact_url() forms appear in logs and events.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "core/result.h"

namespace vg::feeds {

// Largest answer accepted from one request or file.
inline constexpr size_t kMaxFetchBytes = 64u << 20;

struct FetchResult {
  int status = 0;  // HTTP status; 200 for a file
  std::string body;
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // `source` is "http://…", "https://…" or a file path. The error says why, without the URL.
  [[nodiscard]] virtual Result<FetchResult, std::string> get(const std::string& source,
                                                             std::chrono::milliseconds timeout) = 0;
};

// Files and HTTP(S) for real.
class DefaultFetcher final : public Fetcher {
 public:
  [[nodiscard]] Result<FetchResult, std::string> get(const std::string& source,
                                                     std::chrono::milliseconds timeout) override;
};

[[nodiscard]] bool is_url(const std::string& source);
// "https://apiban.org/…" for a URL (scheme and host only), the path itself for a file.
[[nodiscard]] std::string redact_url(const std::string& source);

}  // namespace vg::feeds
