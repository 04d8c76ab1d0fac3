#include "net/transport.h"

namespace vg::net {

std::string_view transport_name(Transport t) {
  switch (t) {
    case Transport::kUdp: return "UDP";
    case Transport::kTcp: return "TCP";
    case Transport::kTls: return "TLS";
  }
  return "?";
}

std::string_view describe(SendError e) {
  switch (e) {
    case SendError::kNone: return "sent";
    case SendError::kNoRoute: return "no listener for the destination";
    case SendError::kConnectionClosed: return "connection closed";
    case SendError::kQueueFull: return "queue full";
    case SendError::kTooLarge: return "message too large";
    case SendError::kSocketError: return "socket error";
  }
  return "?";
}

std::string_view drop_reason_name(DropReason r) {
  switch (r) {
    case DropReason::kMalformedFrame: return "malformed_frame";
    case DropReason::kTooManyConnections: return "too_many_connections";
    case DropReason::kPerIpLimit: return "per_ip_limit";
    case DropReason::kPartialTooLarge: return "partial_too_large";
    case DropReason::kHeaderTimeout: return "header_timeout";
    case DropReason::kIdleClose: return "idle_close";
    case DropReason::kUdpTruncated: return "udp_truncated";
    case DropReason::kEmptyDatagram: return "empty_datagram";
    case DropReason::kConnectFailed: return "connect_failed";
    case DropReason::kAcceptError: return "accept_error";
    case DropReason::kReceiveError: return "receive_error";
    case DropReason::kWriteQueueDropped: return "write_queue_dropped";
    case DropReason::kHandlerException: return "handler_exception";
    case DropReason::kTlsHandshakeFailed: return "tls_handshake_failed";
    case DropReason::kTlsHandshakeTimeout: return "tls_handshake_timeout";
    case DropReason::kTlsHandshakeRate: return "tls_handshake_rate";
  }
  return "?";
}

}  // namespace vg::net
