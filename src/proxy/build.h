// Messages the proxy writes itself: ACK for a non-2xx final and CANCEL (RFC 3261 §17.1.1.3, §9.1),
// BYE to end a dialog, 400 answers to requests too broken to parse, and the NAT fixes of Via and
// Contact (RFC 3581).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "net/transport.h"
#include "proxy/dialogs.h"
#include "sip/message.h"
#include "sip/via.h"

namespace vg::proxy {

// A 400 (or other) response built from a request that failed to parse or validate, taking Via, From,
// To, Call-ID and CSeq from a raw scan of its header lines. nullopt if it is not a request or lacks
// a Via (then there is nobody to answer: drop).
std::optional<std::string> build_raw_error_response(std::string_view data, int status, std::string_view reason);

// The top Via value with received= and rport= set from the real source (RFC 3581 §4), appended to out.
void fix_via_received(const sip::Via& via, const Endpoint& source, std::string& out);

// When a UA's Contact does not name where its message came from (NAT), a Contact header value naming
// the real source instead (user part and transport kept); nullopt when no fix is needed.
std::optional<std::string> nat_fixed_contact(const sip::Message& m, const net::Inbound& in);
// The URI inside a Contact header value ("<sip:...>;expires=1" → "sip:...").
std::string contact_uri_of(std::string_view value);

// ACK for a non-2xx final response to the INVITE we forwarded (same branch, To from the response).
std::string build_ack(const sip::Message& forwarded_invite, const sip::Message& response);
// CANCEL for the INVITE we forwarded (same Request-URI, Via, Route, From, To, Call-ID, CSeq number).
std::string build_cancel(const sip::Message& forwarded_invite);
// BYE to one party of a dialog. to_callee selects the direction; via is our Via value.
std::string build_bye(const Dialog& d, bool to_callee, std::string_view via, std::string_view reason);

}  // namespace vg::proxy
