#include "filters/sanity/sanity_config.h"

#include "filters/config_readers.h"

namespace vg::filters::sanity {

void read_sanity_config(config::detail::Diagnostics& d, const config::detail::Field& f, const config::Config& /*cfg*/,
                        SanityConfig& out) {
  detail::MapReader m(d, f);
  detail::read_mode(d, m, out.mode);
  m.finish();
}

}  // namespace vg::filters::sanity
