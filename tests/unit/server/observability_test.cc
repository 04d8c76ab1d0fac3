// The log queue's metrics (register_log_metrics): depth and drops of the real process logger, with
// its writer thread held up by a log "file" that is a FIFO nobody reads until the test says so.
#include "server/observability.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "../common/metric_sample.h"
#include "log/log.h"
#include "metrics/registry.h"

namespace vg::server {
namespace {

using test::metric_sample;

class LogQueueMetrics : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("vg-logq-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    fifo_ = (dir_ / "log.fifo").string();
    ASSERT_EQ(::mkfifo(fifo_.c_str(), 0600), 0);
    // Opened for reading first (non-blocking), so the logger's open for writing does not wait.
    reader_ = ::open(fifo_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    ASSERT_GE(reader_, 0);
  }
  void TearDown() override {
    // The writer thread may be blocked on the FIFO: keep reading while the logger shuts down.
    std::atomic<bool> done{false};
    std::thread drain([&] {
      while (!done.load()) read_some(10);
    });
    log::shutdown();
    done = true;
    drain.join();
    if (reader_ >= 0) ::close(reader_);
    std::filesystem::remove_all(dir_);
  }
  // Reads what the FIFO holds, waiting up to timeout_ms for something; false when nothing came.
  bool read_some(int timeout_ms) {
    pollfd p{reader_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    char buf[65536];
    return ::read(reader_, buf, sizeof buf) > 0;
  }

  std::filesystem::path dir_;
  std::string fifo_;
  int reader_ = -1;
};

TEST_F(LogQueueMetrics, DepthAndDropsFollowABlockedWriter) {
  metrics::Registry registry;
  register_log_metrics(registry);
  constexpr size_t kQueue = 16;
  ASSERT_TRUE(log::init(log::Options{log::Level::kInfo, log::Format::kText, fifo_, kQueue}));
  const std::string idle = registry.render();
  EXPECT_NE(idle.find("# TYPE voipguard_log_queue_depth gauge"), std::string::npos) << idle;
  EXPECT_EQ(metric_sample(idle, "voipguard_log_queue_depth"), 0);
  EXPECT_EQ(metric_sample(idle, "voipguard_log_dropped_total"), 0);

  // Nobody reads: the pipe buffer (64 KiB) fills, the writer thread blocks, the queue fills up and
  // then overwrites its oldest records.
  const std::string filler(200, 'x');
  for (int i = 0; i < 5000; ++i) log::info("record {} {}", i, filler);
  const std::string blocked = registry.render();
  EXPECT_EQ(metric_sample(blocked, "voipguard_log_queue_depth"), static_cast<double>(kQueue)) << blocked;
  EXPECT_GE(metric_sample(blocked, "voipguard_log_dropped_total"), 1);
  EXPECT_EQ(metric_sample(blocked, "voipguard_log_dropped_total"), static_cast<double>(log::dropped()));

  // Reading the FIFO lets the writer go on: the queue empties.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (log::queue_depth() > 0 && std::chrono::steady_clock::now() < deadline) read_some(10);
  EXPECT_EQ(metric_sample(registry.render(), "voipguard_log_queue_depth"), 0);
}

}  // namespace
}  // namespace vg::server
