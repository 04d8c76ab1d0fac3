// Injected randomness. Security-relevant values (nonces, branch ids, tags, generated passwords,
// secrets) come from a Random; tests may substitute a deterministic one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace vg {

class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(void* data, size_t size) = 0;

  uint64_t next_u64() {
    uint64_t v = 0;
    fill(&v, sizeof v);
    return v;
  }
  // Lower-case hex string of `bytes` random bytes.
  std::string hex(size_t bytes);
  // Uniform integer in [0, bound) without modulo bias; bound > 0.
  uint64_t uniform(uint64_t bound);
};

// Cryptographically secure randomness from the operating system (getrandom).
class SystemRandom final : public Random {
 public:
  void fill(void* data, size_t size) override;
};

// Deterministic generator for tests and offline replay (splitmix64; NOT for secrets).
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed) {}
  void fill(void* data, size_t size) override;

 private:
  uint64_t state_;
};

}  // namespace vg
