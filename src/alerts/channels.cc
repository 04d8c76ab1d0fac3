#include "alerts/channels.h"

#include <unistd.h>

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <curl/curl.h>
#include <httplib.h>

namespace vg::alerts {

namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;

class WebhookChannel final : public Channel {
 public:
  WebhookChannel(const config::AlertChannel& c, UrlParts url) : cfg_(c), url_(std::move(url)) {}

  Result<void, std::string> deliver(const Alert& a) override {
    httplib::Client client(url_.origin);
    const auto us = duration_cast<microseconds>(cfg_.timeout).count();
    const auto sec = static_cast<time_t>(us / 1'000'000);
    const auto usec = static_cast<time_t>(us % 1'000'000);
    client.set_connection_timeout(sec, usec);
    client.set_read_timeout(sec, usec);
    client.set_write_timeout(sec, usec);
    const std::string body = cfg_.format == config::WebhookFormat::kSlack ? to_slack_json(a) : to_json(a);
    auto res = client.Post(url_.path, body, "application/json");
    if (!res) return unexpected("webhook " + cfg_.name + ": " + httplib::to_string(res.error()));
    if (res->status < 200 || res->status > 299) {
      return unexpected("webhook " + cfg_.name + ": HTTP " + std::to_string(res->status));
    }
    return {};
  }

 private:
  config::AlertChannel cfg_;
  UrlParts url_;
};

// RFC 5426: one syslog message per UDP datagram.
class SyslogChannel final : public Channel {
 public:
  explicit SyslogChannel(const config::AlertChannel& c) : cfg_(c) {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) == 0) hostname_ = host;
  }

  Result<void, std::string> deliver(const Alert& a) override {
    const std::string msg = to_syslog(a, cfg_.facility, hostname_, static_cast<int>(::getpid()));
    asio::error_code ec;
    const auto ip = asio::ip::make_address(cfg_.syslog_to.address.to_string(), ec);
    if (ec) return unexpected("syslog " + cfg_.name + ": bad address");
    asio::ip::udp::endpoint to(ip, cfg_.syslog_to.port);
    asio::ip::udp::socket socket(io_);
    socket.open(to.protocol(), ec);
    if (!ec) socket.send_to(asio::buffer(msg), to, 0, ec);
    if (ec) return unexpected("syslog " + cfg_.name + ": " + ec.message());
    return {};
  }

 private:
  config::AlertChannel cfg_;
  std::string hostname_ = "-";
  asio::io_context io_;
};

struct Upload {
  std::string data;
  std::size_t pos = 0;
};

size_t read_upload(char* buf, size_t size, size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  const size_t len = std::min(size * n, u->data.size() - u->pos);
  std::memcpy(buf, u->data.data() + u->pos, len);
  u->pos += len;
  return len;
}

class EmailChannel final : public Channel {
 public:
  explicit EmailChannel(const config::AlertChannel& c) : cfg_(c) {}

  Result<void, std::string> deliver(const Alert& a) override {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) return unexpected("email " + cfg_.name + ": curl_easy_init failed");
    std::string to_header;
    curl_slist* rcpt = nullptr;
    for (const auto& t : cfg_.mail_to) {
      rcpt = curl_slist_append(rcpt, ("<" + t + ">").c_str());
      to_header += (to_header.empty() ? "<" : ", <") + t + ">";
    }
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt_guard(rcpt, &curl_slist_free_all);
    Upload upload{to_email(a, cfg_.mail_from, to_header, a.time_ms / 1000), 0};
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, cfg_.smtp_url.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, ("<" + cfg_.mail_from + ">").c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, &read_upload);
    curl_easy_setopt(h, CURLOPT_READDATA, &upload);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(cfg_.timeout.count()));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(cfg_.timeout.count()));
    if (!cfg_.smtp_user.empty()) {
      curl_easy_setopt(h, CURLOPT_USERNAME, cfg_.smtp_user.c_str());
      curl_easy_setopt(h, CURLOPT_PASSWORD, cfg_.smtp_password.c_str());
      // Credentials only over TLS: STARTTLS is required on smtp:// when logging in.
      curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    const CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) return unexpected("email " + cfg_.name + ": " + curl_easy_strerror(rc));
    return {};
  }

 private:
  config::AlertChannel cfg_;
};

}  // namespace

Result<UrlParts, std::string> split_url(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return unexpected("not a URL: " + url);
  const auto path_start = url.find('/', scheme_end + 3);
  UrlParts p;
  p.origin = url.substr(0, path_start);
  p.path = path_start == std::string::npos ? "/" : url.substr(path_start);
  if (p.origin.size() <= scheme_end + 3) return unexpected("URL without a host: " + url);
  return p;
}

std::unique_ptr<Channel> make_channel(const config::AlertChannel& c) {
  switch (c.type) {
    case config::AlertChannelType::kWebhook: {
      auto url = split_url(c.url);
      if (!url) return nullptr;
      return std::make_unique<WebhookChannel>(c, std::move(*url));
    }
    case config::AlertChannelType::kSyslog: return std::make_unique<SyslogChannel>(c);
    case config::AlertChannelType::kEmail: return std::make_unique<EmailChannel>(c);
  }
  return nullptr;
}

}  // namespace vg::alerts
