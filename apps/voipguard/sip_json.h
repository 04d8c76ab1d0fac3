// JSON rendering of a parsed SIP message for `voipguard parse` (and later the admin API).
#pragma once

#include <nlohmann/json.hpp>

#include "sip/message.h"

namespace vg::app {

nlohmann::ordered_json message_to_json(const sip::Message& m);

}  // namespace vg::app
