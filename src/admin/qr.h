// A QR code (libqrencode) drawn in a terminal with Unicode half blocks, two modules per character
// row, dark on light with the quiet zone the standard asks for (ISO/IEC 18004 §6.3.8: 4 modules).
#pragma once

#include <string>
#include <string_view>

namespace vg::admin {

// Empty when the text does not fit in a QR code.
std::string qr_terminal(std::string_view text);

}  // namespace vg::admin
