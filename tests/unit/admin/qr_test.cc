// The terminal QR code: the half-block drawing is read back into modules and checked against what a
// reader needs to find the symbol (ISO/IEC 18004; decoding is left to the phone): a square symbol of
// 17 + 4·version modules, the 4-module light quiet zone, and the three 7×7 finder patterns.
#include "admin/qr.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace vg::admin {
namespace {

// Modules (true = dark) from the drawing: each character is two rows. A space is both dark, a full
// block both light, an upper half block light over dark, a lower half block dark over light.
std::vector<std::vector<bool>> modules(const std::string& drawing) {
  std::vector<std::vector<bool>> rows;
  std::istringstream in(drawing);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<bool> top, bottom;
    for (size_t i = 0; i < line.size();) {
      const size_t len = line[i] == ' ' ? 1 : 3;  // U+2580/2584/2588 take three bytes in UTF-8
      const std::string ch = line.substr(i, len);
      i += len;
      top.push_back(ch == " " || ch == "\u2584");
      bottom.push_back(ch == " " || ch == "\u2580");
    }
    rows.push_back(top);
    rows.push_back(bottom);
  }
  return rows;
}

bool finder_at(const std::vector<std::vector<bool>>& m, size_t r0, size_t c0) {
  for (size_t r = 0; r < 7; ++r) {
    for (size_t c = 0; c < 7; ++c) {
      const bool ring = r == 0 || r == 6 || c == 0 || c == 6;
      const bool core = r >= 2 && r <= 4 && c >= 2 && c <= 4;
      if (m[r0 + r][c0 + c] != (ring || core)) return false;
    }
  }
  return true;
}

TEST(Qr, OtpauthUriDrawsFindersAndQuietZone) {
  const std::string uri =
      "otpauth://totp/voipguard:admin?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=voipguard&algorithm=SHA1"
      "&digits=6&period=30";
  const std::string drawing = qr_terminal(uri);
  ASSERT_FALSE(drawing.empty());
  auto m = modules(drawing);
  const size_t width = m.front().size();
  for (const auto& row : m) ASSERT_EQ(row.size(), width);
  const size_t n = width - 8;  // symbol without the quiet zone
  ASSERT_GE(m.size(), n + 8);  // an odd total leaves one light padding row
  EXPECT_EQ((n - 17) % 4, 0u) << n;
  EXPECT_GE((n - 17) / 4, 5u);  // ~130 bytes at level M need version 6 or more
  // The quiet zone: four light modules on every side (and the padding row, if any).
  for (size_t r = 0; r < m.size(); ++r) {
    for (size_t c = 0; c < width; ++c) {
      const bool inside = r >= 4 && r < n + 4 && c >= 4 && c < n + 4;
      if (!inside) {
        EXPECT_FALSE(m[r][c]) << r << "," << c;
      }
    }
  }
  EXPECT_TRUE(finder_at(m, 4, 4));
  EXPECT_TRUE(finder_at(m, 4, 4 + n - 7));
  EXPECT_TRUE(finder_at(m, 4 + n - 7, 4));
  EXPECT_FALSE(finder_at(m, 4 + n - 7, 4 + n - 7));  // no finder in the fourth corner
}

TEST(Qr, LongerTextNeedsALargerSymbolAndTooLongNone) {
  EXPECT_LT(qr_terminal("otpauth://totp/a?secret=AAAA").size(), qr_terminal(std::string(300, 'x')).size());
  EXPECT_EQ(qr_terminal(std::string(5000, 'x')), "");  // beyond version 40
}

}  // namespace
}  // namespace vg::admin
