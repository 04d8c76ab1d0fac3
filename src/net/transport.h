// Public interface of the SIP transports: the proxy core implements Handler and sends through
// Sender; the composition root owns a Server (sockets, worker threads, TCP connection table).
// No Asio in this header: the implementation lives behind Server::Impl.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/ip.h"
#include "core/result.h"
#include "sip/limits.h"

namespace vg::net {

enum class Transport : uint8_t { kUdp, kTcp, kTls };
inline constexpr size_t kTransportCount = 3;
std::string_view transport_name(Transport t);  // "UDP", "TCP", "TLS"

using ConnectionId = uint64_t;  // 0 = none (UDP)

// One received message. Valid only during the Handler::on_message call: data points into a
// receive buffer that is reused for the next datagram or read.
struct Inbound {
  std::string_view data;        // one datagram, or one framed message from a stream
  Endpoint source;              // the peer as seen by the socket (real source, NAT'ed)
  Endpoint local;               // the listener's bound address
  Transport transport = Transport::kUdp;
  ConnectionId connection = 0;
  size_t listener = 0;          // index into the listener list
  Clock::MonoTime received_at;
};

struct Outbound {
  Transport transport = Transport::kUdp;
  Endpoint destination;
  ConnectionId connection = 0;  // stream: use this connection if still open, else `destination`
  size_t listener = SIZE_MAX;   // UDP: send from this listener's socket (SIZE_MAX: first listener of the
                                // same family/transport); stream: bind outgoing connections to its address
};

enum class SendError : uint8_t {
  kNone,
  kNoRoute,           // no listener of the destination's family and transport, or the server is stopped
  kConnectionClosed,  // the given connection is gone and no destination was given to reconnect to
  kQueueFull,         // socket buffer / connection write queue full, or no connection slot free
  kTooLarge,          // larger than a datagram or than the write queue bound
  kSocketError,
};
inline constexpr size_t kSendErrorCount = 6;
std::string_view describe(SendError e);

class Sender {  // thread-safe; never blocks the caller
 public:
  virtual ~Sender() = default;
  // Copies bytes. kNone means accepted: a UDP datagram handed to the kernel (or to this worker's
  // batch, flushed after the batch), a stream write queued. Later failures only show in NetStats.
  virtual SendError send(const Outbound& to, std::string_view bytes) = 0;
};

class Handler {  // implemented by the proxy core
 public:
  virtual ~Handler() = default;
  virtual void on_message(const Inbound& in, Sender& out) = 0;  // called on a worker thread
  virtual void on_tick(Clock::MonoTime now, Sender& out) = 0;   // every tick_interval, on one thread
};

struct ListenerConfig {
  std::string name;
  Transport transport = Transport::kUdp;
  Endpoint bind;
};

// TLS (RFC 3261 §26.2, RFC 5922): contexts are built from these by Server::configure_tls, which may
// be called again (SIGHUP) to swap in new certificates: new handshakes use the new contexts,
// established connections keep theirs. TLS 1.2 and 1.3 only, AEAD cipher suites only.
enum class TlsVerify : uint8_t { kNone, kOptional, kRequired };  // client certificates (mutual TLS)

struct TlsServerSettings {  // one TLS listener
  std::string certificate;  // PEM: the certificate, then its chain
  std::string private_key;  // PEM
  std::string ca_file;      // PEM bundle that client certificates must chain to (verify != kNone)
  TlsVerify verify_client = TlsVerify::kNone;
};

struct TlsPeerSettings {  // outgoing connections to one destination (a configured upstream)
  Endpoint destination;
  // Name the peer's certificate must carry as a subjectAltName DNS entry (RFC 5922 §7.1; no
  // wildcards, no Common Name fallback), also sent as SNI. Empty: the destination's IP address must
  // be an iPAddress subjectAltName instead.
  std::string server_name;
  std::string ca_file;      // empty: the default bundle of TlsSetup
  std::string certificate;  // optional client certificate (mutual TLS towards a trunk)
  std::string private_key;
};

struct TlsSetup {
  std::vector<std::optional<TlsServerSettings>> listeners;  // by listener index; set for every TLS listener
  std::vector<TlsPeerSettings> peers;
  // CA bundle for outgoing TLS to destinations that are not peers (verified against their IP
  // address); empty: OpenSSL's default verify paths (the system bundle).
  std::string default_ca_file;
};

struct NetConfig {
  size_t workers = 0;  // 0: hardware_concurrency (at most 256)
  std::chrono::milliseconds tick_interval{50};
  size_t max_connections = 4096;      // stream connections in total, incoming and outgoing
  size_t max_connections_per_ip = 32;  // incoming stream connections from one IPv4 address / IPv6 /64 (0: no limit)
  std::chrono::seconds idle_timeout{600};  // no byte read or written for this long: close
  // A started message must complete within this (slowloris). Milliseconds so tests can use short
  // ones; assigning std::chrono::seconds still works.
  std::chrono::milliseconds header_timeout{10000};
  size_t max_partial_bytes = 65535;         // unconsumed bytes of an incomplete stream message
  size_t udp_batch = 32;                    // datagrams per recvmmsg call
  // Worker 0 serves every worker's UDP sockets while it spends less than half its time on them (a
  // call whose legs arrive on two workers wakes both); beyond that each worker serves its own until
  // the load falls back. false: each worker always serves its own.
  bool udp_consolidation = true;
  sip::Limits limits;
  // Additions beyond the first interface:
  size_t max_write_queue_bytes = 1 << 20;  // per stream connection (kQueueFull beyond)
  std::chrono::milliseconds connect_timeout{10000};  // outgoing stream connection setup
  int socket_buffer_bytes = 4 << 20;       // SO_RCVBUF / SO_SNDBUF for UDP sockets (best effort)
  int listen_backlog = 1024;
  // TLS: a handshake must complete within this after accept (connections that say nothing are
  // dropped); new TLS connections accepted per second, per listener, beyond which they are reset
  // before any handshake work (handshake floods cost the server an asymmetric-key operation each).
  std::chrono::milliseconds tls_handshake_timeout{5000};
  uint32_t tls_handshakes_per_second = 200;
};

// Why a datagram, message or connection was discarded or closed (NetStats::drops).
enum class DropReason : uint8_t {
  kMalformedFrame,      // stream framing error (no/bad Content-Length, oversize headers): connection closed
  kTooManyConnections,  // max_connections reached: incoming refused / outgoing not opened
  kPerIpLimit,          // max_connections_per_ip reached: incoming refused
  kPartialTooLarge,     // an incomplete stream message grew past max_partial_bytes: closed
  kHeaderTimeout,       // a started stream message did not complete within header_timeout: closed
  kIdleClose,           // nothing read or written for idle_timeout (or writes stalled): closed
  kUdpTruncated,        // datagram larger than limits.max_message_size (MSG_TRUNC)
  kEmptyDatagram,       // zero-length datagram
  kConnectFailed,       // outgoing connection failed or timed out; its queued bytes are dropped
  kAcceptError,         // accept() failed (e.g. out of file descriptors)
  kReceiveError,        // recvmmsg / read error other than a peer close
  kWriteQueueDropped,   // bytes queued on a connection that closed before they were written
  kHandlerException,    // the Handler threw (caught: a worker never dies)
  kTlsHandshakeFailed,  // TLS handshake failed (protocol version, cipher, certificate): closed
  kTlsHandshakeTimeout, // TLS handshake not completed within tls_handshake_timeout: closed
  kTlsHandshakeRate,    // more new TLS connections than tls_handshakes_per_second: reset at accept
};
inline constexpr size_t kDropReasonCount = 16;
std::string_view drop_reason_name(DropReason r);  // "malformed_frame", ... (metric labels)

struct TransportStats {
  std::atomic<uint64_t> messages_in{0};
  std::atomic<uint64_t> bytes_in{0};
  std::atomic<uint64_t> messages_out{0};
  std::atomic<uint64_t> bytes_out{0};
};

// Counters only (relaxed atomics); read them from any thread.
struct NetStats {
  std::array<TransportStats, kTransportCount> transports;
  std::array<std::atomic<uint64_t>, kDropReasonCount> drop_counts{};
  std::array<std::atomic<uint64_t>, kSendErrorCount> send_error_counts{};  // by SendError, [kNone] unused
  std::atomic<uint64_t> connections_accepted{0};
  std::atomic<uint64_t> connections_outgoing{0};  // outgoing connection attempts
  std::atomic<uint64_t> connections_closed{0};
  std::atomic<uint64_t> keepalives_in{0};  // RFC 5626 CRLF pings/pongs, CRLF-only datagrams

  [[nodiscard]] const TransportStats& of(Transport t) const { return transports[static_cast<size_t>(t)]; }
  [[nodiscard]] TransportStats& of(Transport t) { return transports[static_cast<size_t>(t)]; }
  [[nodiscard]] uint64_t drops(DropReason r) const { return drop_counts[static_cast<size_t>(r)].load(std::memory_order_relaxed); }
  [[nodiscard]] uint64_t send_errors(SendError e) const {
    return send_error_counts[static_cast<size_t>(e)].load(std::memory_order_relaxed);
  }
  [[nodiscard]] uint64_t connections_open() const {
    return connections_accepted.load(std::memory_order_relaxed) + connections_outgoing.load(std::memory_order_relaxed) -
           connections_closed.load(std::memory_order_relaxed);
  }
  void count(DropReason r, uint64_t n = 1) { drop_counts[static_cast<size_t>(r)].fetch_add(n, std::memory_order_relaxed); }
  void count(SendError e, uint64_t n = 1) { send_error_counts[static_cast<size_t>(e)].fetch_add(n, std::memory_order_relaxed); }
};

class Server {  // owns sockets, worker threads, the TCP connection table
 public:
  // handler and clock must outlive the Server (or at least its stop()).
  Server(NetConfig config, std::vector<ListenerConfig> listeners, Handler& handler, const Clock& clock);
  ~Server();  // stop()s
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds every listener and starts the workers. Errors name the listener, e.g.
  // "udp4 127.0.0.1:5060: Address already in use". Port 0 binds an ephemeral port.
  Result<void, std::string> start();
  std::vector<Endpoint> bound_endpoints() const;  // actual addresses, in listener order (after port 0)
  // Closes listeners and connections, joins threads; idempotent. Not from a Handler callback.
  void stop();
  // Builds the TLS contexts (reads the certificate, key and CA files) and swaps them in; errors name
  // the listener or peer and the file. Needed before start() when there are TLS listeners; may be
  // called again while running (reload). On error the previous contexts stay.
  Result<void, std::string> configure_tls(const TlsSetup& setup);
  Sender& sender();
  const NetStats& stats() const;
  // UDP sockets each worker serves right now (index = worker): observability and tests.
  [[nodiscard]] std::vector<size_t> udp_sockets_served() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vg::net
