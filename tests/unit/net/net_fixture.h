// Test fixture: one Server on loopback with a RecordingHandler; ports from binding port 0.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "net/transport.h"
#include "net_test_util.h"

namespace vg::net::test {

inline ListenerConfig udp(const char* addr = "127.0.0.1") { return {"udp", Transport::kUdp, ep(addr, 0)}; }
inline ListenerConfig tcp(const char* addr = "127.0.0.1") { return {"tcp", Transport::kTcp, ep(addr, 0)}; }

class NetFixture : public ::testing::Test {
 protected:
  static NetConfig small_config() {
    NetConfig c;
    c.workers = 2;
    return c;
  }

  // Starts a server; fails the test (and returns false) when start() fails.
  bool start(std::vector<ListenerConfig> listeners, NetConfig config = small_config(), const Clock* clock = nullptr) {
    server_ = std::make_unique<Server>(config, std::move(listeners), handler_, clock ? *clock : clock_);
    auto r = server_->start();
    EXPECT_TRUE(r.has_value()) << r.error();
    return r.has_value();
  }
  Endpoint bound(size_t i) const { return server_->bound_endpoints().at(i); }
  const NetStats& stats() const { return server_->stats(); }

  void TearDown() override {
    if (server_) server_->stop();
  }

  // Both outlive server_ (members declared before it are destroyed after it).
  RecordingHandler handler_;
  SystemClock clock_;
  FakeClock fake_clock_;
  std::unique_ptr<Server> server_;
};

}  // namespace vg::net::test
