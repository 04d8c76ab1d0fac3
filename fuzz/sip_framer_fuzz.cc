// Fuzz target: stream framing. Feeds the input to a StreamFramer in chunks (sizes taken from the
// first byte) the way a TCP connection would, and parses every complete frame.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sip/framer.h"
#include "sip/message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t chunk = 1 + data[0] % 64;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  vg::sip::StreamFramer framer;
  std::string buffer;
  size_t fed = 0;
  size_t guard = 0;
  while (true) {
    vg::sip::Frame f = framer.next(buffer);
    if (f.status == vg::sip::FrameStatus::kMalformed) break;
    if (f.status == vg::sip::FrameStatus::kComplete || f.status == vg::sip::FrameStatus::kKeepalive) {
      if (f.consumed == 0 || f.consumed > buffer.size()) std::abort();  // framer must make progress
      if (f.status == vg::sip::FrameStatus::kComplete) {
        vg::sip::ParseOptions opts;
        opts.stream = true;
        auto m = vg::sip::Message::parse(f.message(buffer), opts);
        if (m) (void)m->validate();
      }
      buffer.erase(0, f.consumed);
      continue;
    }
    if (fed >= input.size()) break;
    size_t n = std::min(chunk, input.size() - fed);
    buffer.append(input.substr(fed, n));
    fed += n;
    if (++guard > 1'000'000) std::abort();
  }
  return 0;
}
