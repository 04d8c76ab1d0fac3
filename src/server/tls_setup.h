// Turns the TLS parts of a loaded configuration into the transport's TlsSetup: certificate files
// of each TLS listener (generating the self-signed one under <var>/tls/ on first use) and the
// verification parameters of each upstream reached over TLS. Main thread, at start and on reload.
#pragma once

#include <string>

#include "config/config.h"
#include "core/result.h"
#include "net/transport.h"
#include "proxy/settings.h"

namespace vg::server {

// Paths of the generated self-signed certificate (docs/tls.md).
std::string self_signed_certificate_path(const std::string& var_dir);
std::string self_signed_key_path(const std::string& var_dir);

// settings: the resolved upstream addresses (by name) of the same configuration.
Result<net::TlsSetup, std::string> build_tls_setup(const config::Config& cfg, const proxy::Settings& settings,
                                                   const std::string& var_dir);

}  // namespace vg::server
