#include "fraud/classify.h"

// The files of data/fraud/ are linked into the binary by the assembler (.incbin), so the daemon
// needs no data directory; CMake recompiles this file when one of them changes (OBJECT_DEPENDS).
#define VG_FRAUD_INCBIN(sym, file)                               \
  asm(".section .rodata\n"                                       \
      ".global " #sym "_begin\n" #sym "_begin:\n"                \
      ".incbin \"" VG_FRAUD_DATA_DIR "/" file "\"\n"             \
      ".global " #sym "_end\n" #sym "_end:\n"                    \
      ".previous\n");                                            \
  extern "C" const char sym##_begin[];                           \
  extern "C" const char sym##_end[];

VG_FRAUD_INCBIN(vg_fraud_country_codes, "country_codes.tsv")
VG_FRAUD_INCBIN(vg_fraud_number_classes, "number_classes.tsv")
VG_FRAUD_INCBIN(vg_fraud_irsf_high_risk, "irsf_high_risk.tsv")

namespace vg::fraud {

namespace {
std::string_view bytes(const char* begin, const char* end) {
  return {begin, static_cast<std::size_t>(end - begin)};
}
}  // namespace

std::shared_ptr<const NumberingData> NumberingData::embedded() {
  // Built once and immutable; the shipped files are checked by the unit tests, so this cannot fail.
  static const std::shared_ptr<const NumberingData> kData = [] {
    auto r = load(bytes(vg_fraud_country_codes_begin, vg_fraud_country_codes_end),
                  bytes(vg_fraud_number_classes_begin, vg_fraud_number_classes_end),
                  bytes(vg_fraud_irsf_high_risk_begin, vg_fraud_irsf_high_risk_end));
    return r ? *r : std::make_shared<const NumberingData>();
  }();
  return kData;
}

}  // namespace vg::fraud
