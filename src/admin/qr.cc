#include "admin/qr.h"

#include <qrencode.h>

#include <memory>

namespace vg::admin {

std::string qr_terminal(std::string_view text) {
  const std::string input(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                     &QRcode_free);
  if (!qr) return {};
  const int quiet = 4;
  const int n = qr->width;
  auto dark = [&](int x, int y) {
    if (x < 0 || y < 0 || x >= n || y >= n) return false;
    return (qr->data[y * n + x] & 1) != 0;
  };
  // Light modules are drawn as full blocks so the code reads on dark terminals too.
  std::string out;
  for (int y = -quiet; y < n + quiet; y += 2) {
    for (int x = -quiet; x < n + quiet; ++x) {
      const bool top = dark(x, y), bottom = dark(x, y + 1);
      if (!top && !bottom) {
        out += "\u2588";  // full block: both light
      } else if (!top) {
        out += "\u2580";  // upper half light
      } else if (!bottom) {
        out += "\u2584";  // lower half light
      } else {
        out += " ";
      }
    }
    out += "\n";
  }
  return out;
}

}  // namespace vg::admin
