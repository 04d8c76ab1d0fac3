// Tests for src/net/media_loop.cc: stopping the media thread.
#include "net/media_loop.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>

namespace vg::net {
namespace {

// stop() joins the loop thread: if it never returns, the process is stuck, so this fails the test
// binary at once rather than leaving ctest to time out.
void stop_within(MediaLoop& loop, std::chrono::seconds limit) {
  auto done = std::async(std::launch::async, [&] { loop.stop(); });
  if (done.wait_for(limit) != std::future_status::ready) {
    std::fprintf(stderr, "MediaLoop::stop() did not return within %lld s\n", static_cast<long long>(limit.count()));
    std::_Exit(1);
  }
}

TEST(MediaLoop, StopReturnsWhileATimerKeepsExpiring) {
  // A timer that is always due: its handler is often queued, already expired, when stop()'s handler
  // runs, so cancel() cannot reach it; it must not re-arm the timer then (the loop would never end).
  for (int i = 0; i < 200; ++i) {
    MediaLoop loop;
    std::atomic<int> ticks{0};
    loop.every(std::chrono::milliseconds(0), [&] { ++ticks; });
    loop.start();
    while (ticks.load() < 3) std::this_thread::yield();
    stop_within(loop, std::chrono::seconds(10));
  }
}

TEST(MediaLoop, SocketsStillAttachedAtStopAreClosed) {
  for (int i = 0; i < 50; ++i) {
    MediaLoop loop;
    loop.start();
    auto fd = MediaLoop::bind_udp(*Endpoint::parse("127.0.0.1:0"));
    ASSERT_TRUE(fd.has_value());
    loop.attach(std::move(*fd), nullptr, 1);
    stop_within(loop, std::chrono::seconds(10));
    EXPECT_EQ(loop.socket_count(), 0u);
  }
}

}  // namespace
}  // namespace vg::net
