#include "feeds/fetch.h"

#include <httplib.h>

#include <fstream>

namespace vg::feeds {
namespace {

struct SplitUrl {
  std::string origin;  // scheme://host[:port]
  std::string path;    // from the first '/' after the host, "/" when absent
};

SplitUrl split(const std::string& url) {
  const size_t host = url.find("://") + 3;
  const size_t slash = url.find('/', host);
  if (slash == std::string::npos) return {url, "/"};
  return {url.substr(0, slash), url.substr(slash)};
}

Result<FetchResult, std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected(std::string("cannot open the file"));
  FetchResult r{200, {}};
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    r.body.append(buf, static_cast<size_t>(in.gcount()));
    if (r.body.size() > kMaxFetchBytes) return unexpected(std::string("file larger than 64 MiB"));
  }
  if (in.bad()) return unexpected(std::string("read error"));
  return r;
}

}  // namespace

bool is_url(const std::string& source) {
  return source.rfind("http://", 0) == 0 || source.rfind("https://", 0) == 0;
}

std::string redact_url(const std::string& source) {
  if (!is_url(source)) return source;
  return split(source).origin + "/…";
}

Result<FetchResult, std::string> DefaultFetcher::get(const std::string& source, std::chrono::milliseconds timeout) {
  if (!is_url(source)) return read_file(source);
  const SplitUrl u = split(source);
  httplib::Client client(u.origin);
  if (!client.is_valid()) return unexpected(std::string("unsupported URL"));
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  const auto usecs = std::chrono::duration_cast<std::chrono::microseconds>(timeout - secs);
  client.set_connection_timeout(secs.count(), usecs.count());
  client.set_read_timeout(secs.count(), usecs.count());
  client.set_write_timeout(secs.count(), usecs.count());
  client.set_follow_location(true);
  client.enable_server_certificate_verification(true);
  FetchResult r;
  bool too_big = false;
  auto res = client.Get(
      u.path, httplib::Headers{{"User-Agent", "voipguard-feeds"}},
      [&](const httplib::Response& resp) {
        r.status = resp.status;
        return true;
      },
      [&](const char* data, size_t n) {
        if (r.body.size() + n > kMaxFetchBytes) {
          too_big = true;
          return false;
        }
        r.body.append(data, n);
        return true;
      });
  if (too_big) return unexpected(std::string("answer larger than 64 MiB"));
  if (!res) return unexpected("HTTP request failed: " + httplib::to_string(res.error()));
  r.status = res->status;
  return r;
}

}  // namespace vg::feeds
