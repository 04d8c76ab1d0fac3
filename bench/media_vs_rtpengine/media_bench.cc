// Media relay benchmark: relayed packets per CPU-second of the relay (≈ per core) for plain RTP,
// SRTP<->SRTP and RTP->SRTP... directions as the modes say, 160-byte payloads, voipguard's
// media::Relay against rtpengine (userspace forwarding, --table=-1) measured in the same run.
//
//   media_bench voipguard MODE [STREAMS] [PACKETS_PER_STREAM]
//   media_bench rtpengine MODE NG_PORT [STREAMS] [PACKETS_PER_STREAM]
//
// MODE: plain (RTP -> RTP), srtp (SRTP -> SRTP, re-encrypted), bridge (SRTP -> RTP).
// Streams are created the way the proxy creates them (SDP offer/answer through Relay::process) or,
// for rtpengine, with its ng control protocol (bencode over UDP, "offer"/"answer"). One "caller"
// socket per stream on 127.0.0.2 sends pre-encrypted packets to the stream's relay port with
// sendmmsg; one "callee" socket per stream on 127.0.0.3 counts what arrives. The relay's CPU time comes from /proc (the
// vg-media thread, or the whole rtpengine process). Prints one line: "MODE relay pps_per_cpu ...".
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "events/sink.h"
#include "media/relay.h"
#include "media/srtp.h"
#include "sdp/parser.h"

namespace {

using vg::media::SrtpContext;
using vg::media::SrtpKey;
using vg::media::SrtpSuite;

int udp_socket(const char* ip, uint16_t port = 0) {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  ::inet_pton(AF_INET, ip, &a.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    std::perror("bind");
    std::exit(2);
  }
  int big = 8 << 20;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  return fd;
}

uint16_t port_of(int fd) {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  return ntohs(a.sin_port);
}

std::string sdp(const char* ip, uint16_t port, bool srtp, const SrtpKey* key) {
  std::string s = "v=0\r\no=- 1 1 IN IP4 " + std::string(ip) + "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\nm=audio " +
                  std::to_string(port) + (srtp ? " RTP/SAVP 0\r\n" : " RTP/AVP 0\r\n") + "a=rtpmap:0 PCMU/8000\r\n";
  if (srtp) s += "a=crypto:1 AES_CM_128_HMAC_SHA1_80 " + key->inline_param() + "\r\n";
  return s;
}

uint16_t sdp_port(const std::string& text) {
  auto sd = vg::sdp::parse(text);
  if (!sd || sd->media().empty()) {
    std::fprintf(stderr, "bad SDP from the relay:\n%s\n", text.c_str());
    std::exit(2);
  }
  return sd->media()[0].port();
}

// --- bencode (ng protocol) -------------------------------------------------------------------
std::string bstr(const std::string& s) { return std::to_string(s.size()) + ":" + s; }
std::string bdict(const std::vector<std::pair<std::string, std::string>>& kv) {  // values pre-encoded
  std::string out = "d";
  for (const auto& [k, v] : kv) out += bstr(k) + v;
  return out + "e";
}
// The string value of a top-level key of a bencoded dictionary (strings and lists of strings only).
std::string bget(const std::string& msg, const std::string& key) {
  size_t i = msg.find('d');
  if (i == std::string::npos) return {};
  ++i;
  auto read_str = [&](size_t& p) {
    size_t colon = msg.find(':', p);
    size_t n = std::stoul(msg.substr(p, colon - p));
    std::string v = msg.substr(colon + 1, n);
    p = colon + 1 + n;
    return v;
  };
  while (i < msg.size() && msg[i] != 'e') {
    std::string k = read_str(i);
    if (msg[i] == 'l') {  // skip a list of strings
      ++i;
      while (msg[i] != 'e') read_str(i);
      ++i;
      if (k == key) return "<list>";
      continue;
    }
    if (msg[i] == 'i') {
      size_t e = msg.find('e', i);
      i = e + 1;
      continue;
    }
    std::string v = read_str(i);
    if (k == key) return v;
  }
  return {};
}

std::string ng(int fd, uint16_t ng_port, const std::string& body) {
  // rtpengine caches replies by cookie: make ours unique across runs of this program.
  static int cookie = 0;
  std::string c = "c" + std::to_string(::getpid()) + "-" + std::to_string(++cookie);
  std::string msg = c + " " + body;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(ng_port);
  ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  for (int attempt = 0; attempt < 20; ++attempt) {
    ::sendto(fd, msg.data(), msg.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 500) <= 0) continue;
    std::string buf(65536, '\0');
    auto n = ::recv(fd, buf.data(), buf.size(), 0);
    buf.resize(n > 0 ? static_cast<size_t>(n) : 0);
    if (buf.rfind(c + " ", 0) != 0) continue;
    std::string reply = buf.substr(c.size() + 1);
    if (bget(reply, "result") != "ok") {
      std::fprintf(stderr, "rtpengine: %s\n", reply.c_str());
      std::exit(2);
    }
    return bget(reply, "sdp");
  }
  std::fprintf(stderr, "rtpengine does not answer on port %u\n", ng_port);
  std::exit(2);
}

// --- CPU time from /proc -------------------------------------------------------------------------
double cpu_seconds(const std::string& stat_path) {
  std::ifstream f(stat_path);
  std::string line;
  std::getline(f, line);
  auto rp = line.rfind(')');
  std::istringstream in(line.substr(rp + 2));
  std::string field;
  unsigned long long ut = 0, st = 0;
  for (int i = 3; i <= 15; ++i) {
    in >> field;
    if (i == 14) ut = std::stoull(field);
    if (i == 15) st = std::stoull(field);
  }
  return static_cast<double>(ut + st) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::string media_thread_stat() {
  DIR* d = ::opendir("/proc/self/task");
  std::string found;
  while (auto* e = ::readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::ifstream c(std::string("/proc/self/task/") + e->d_name + "/comm");
    std::string name;
    std::getline(c, name);
    if (name == "vg-media") found = std::string("/proc/self/task/") + e->d_name + "/stat";
  }
  ::closedir(d);
  return found;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s voipguard|rtpengine plain|srtp|bridge [NG_PORT] [STREAMS] [PACKETS]\n", argv[0]);
    return 2;
  }
  const std::string relay_name = argv[1], mode = argv[2];
  int arg = 3;
  uint16_t ng_port = 0;
  if (relay_name == "rtpengine") ng_port = static_cast<uint16_t>(std::stoi(argv[arg++]));
  const size_t streams = argc > arg ? std::stoul(argv[arg++]) : 20;
  const size_t per_stream = argc > arg ? std::stoul(argv[arg++]) : 20000;
  const bool caller_srtp = mode != "plain";
  const bool callee_srtp = mode == "srtp";

  std::vector<int> tx, rx;
  for (size_t i = 0; i < streams; ++i) {
    tx.push_back(udp_socket("127.0.0.2"));
    rx.push_back(udp_socket("127.0.0.3"));
  }
  vg::SystemClock clock;
  vg::events::NullSink events;
  std::unique_ptr<vg::media::Relay> relay;
  std::string stat_path;
  int ctl = -1;
  if (relay_name == "voipguard") {
    vg::media::RelayConfig cfg;
    cfg.port_min = 36000;
    cfg.port_max = static_cast<uint16_t>(36000 + 4 * streams + 64);
    relay = std::make_unique<vg::media::Relay>(cfg, clock, events);
    relay->start();
  } else {
    ctl = udp_socket("127.0.0.1");
  }

  std::vector<uint16_t> relay_ports;  // where the caller sends, per stream
  std::vector<SrtpKey> caller_keys;
  for (size_t i = 0; i < streams; ++i) {
    caller_keys.push_back(SrtpKey::generate(SrtpSuite::kAesCm128Sha1_80));
    const SrtpKey callee_key = SrtpKey::generate(SrtpSuite::kAesCm128Sha1_80);
    const std::string offer = sdp("127.0.0.2", port_of(tx[i]), caller_srtp, &caller_keys.back());
    const std::string answer = sdp("127.0.0.3", port_of(rx[i]), callee_srtp, &callee_key);
    const std::string call_id = "bench-" + std::to_string(i);
    std::string to_caller;
    if (relay) {
      vg::media::SdpInput in;
      in.call_id = call_id;
      in.from_tag = "a";
      in.signalling_source = vg::Endpoint{*vg::IpAddress::parse("127.0.0.2"), 5060};
      in.modes = {mode == "plain" ? vg::media::LegMode::kMirror : vg::media::LegMode::kSrtp,
                  mode == "srtp" ? vg::media::LegMode::kSrtp
                                 : (mode == "bridge" ? vg::media::LegMode::kPlain : vg::media::LegMode::kMirror)};
      auto o = relay->process(in, offer);
      in.sender = vg::media::Side::kCallee;
      in.origin = vg::media::SdpOrigin::kResponse;
      in.signalling_source = vg::Endpoint{*vg::IpAddress::parse("127.0.0.3"), 5060};
      auto a = relay->process(in, answer);
      if (!o || !a) {
        std::fprintf(stderr, "relay refused stream %zu\n", i);
        return 2;
      }
      to_caller = *a;
    } else {
      std::vector<std::pair<std::string, std::string>> kv = {
          {"command", bstr("offer")}, {"call-id", bstr(call_id)}, {"from-tag", bstr("a")}, {"sdp", bstr(offer)},
          {"replace", "l" + bstr("origin") + bstr("session-connection") + "e"}};
      if (mode == "bridge") kv.push_back({"transport-protocol", bstr("RTP/AVP")});
      if (mode == "srtp") kv.push_back({"transport-protocol", bstr("RTP/SAVP")});
      (void)ng(ctl, ng_port, bdict(kv));
      to_caller = ng(ctl, ng_port, bdict({{"command", bstr("answer")}, {"call-id", bstr(call_id)},
                                          {"from-tag", bstr("a")}, {"to-tag", bstr("b")}, {"sdp", bstr(answer)},
                                          {"replace", "l" + bstr("origin") + bstr("session-connection") + "e"}}));
    }
    relay_ports.push_back(sdp_port(to_caller));
  }

  // Packets, encrypted in advance so that the sender costs little: 12-byte header + 160 bytes.
  const size_t total = streams * per_stream;
  std::vector<std::vector<uint8_t>> pkts(total);  // stream i's packet n at i * per_stream + n
  std::vector<std::unique_ptr<SrtpContext>> enc;
  for (size_t i = 0; i < streams; ++i) enc.push_back(SrtpContext::create(caller_keys[i], SrtpContext::Direction::kOutbound));
  for (size_t n = 0; n < per_stream; ++n) {
    for (size_t i = 0; i < streams; ++i) {
      auto& p = pkts[i * per_stream + n];
      p.assign(12 + 160 + SrtpContext::kMaxGrowth, 0x55);
      p[0] = 0x80;
      p[1] = 0;
      const uint16_t seq = static_cast<uint16_t>(n);
      p[2] = static_cast<uint8_t>(seq >> 8);
      p[3] = static_cast<uint8_t>(seq);
      const uint32_t ts = static_cast<uint32_t>(n * 160), ssrc = static_cast<uint32_t>(1000 + i);
      for (int b = 0; b < 4; ++b) p[4 + b] = static_cast<uint8_t>(ts >> (24 - 8 * b));
      for (int b = 0; b < 4; ++b) p[8 + b] = static_cast<uint8_t>(ssrc >> (24 - 8 * b));
      size_t len = 172;
      if (caller_srtp) len = *enc[i]->protect_rtp(p.data(), 172, p.size());
      p.resize(len);
    }
  }

  std::atomic<uint64_t> received{0};
  std::atomic<bool> done{false};
  std::thread receiver([&] {
    std::vector<char> buf(2048);
    std::vector<pollfd> fds;
    for (int fd : rx) fds.push_back(pollfd{fd, POLLIN, 0});
    while (!done.load()) {
      if (::poll(fds.data(), fds.size(), 50) <= 0) continue;
      for (auto& p : fds) {
        if (!(p.revents & POLLIN)) continue;
        while (::recv(p.fd, buf.data(), buf.size(), MSG_DONTWAIT) > 0) received.fetch_add(1, std::memory_order_relaxed);
      }
    }
  });

  if (relay) stat_path = media_thread_stat();
  // rtpengine: its pid from the ng port's owner is not portable; the script passes it in RTPENGINE_PID.
  if (!relay) stat_path = std::string("/proc/") + std::getenv("RTPENGINE_PID") + "/stat";
  const double cpu0 = cpu_seconds(stat_path);
  const auto t0 = std::chrono::steady_clock::now();
  // Paced in bursts: the relay's socket buffers absorb a burst; a sender much faster than the relay
  // would only measure kernel drops.
  std::vector<sockaddr_in> dst(streams);
  for (size_t i = 0; i < streams; ++i) {
    dst[i].sin_family = AF_INET;
    dst[i].sin_port = htons(relay_ports[i]);
    ::inet_pton(AF_INET, "127.0.0.1", &dst[i].sin_addr);
  }
  // Rounds of kBurst packets per stream, each stream's burst in one sendmmsg on its own socket.
  constexpr size_t kBurst = 8;
  std::vector<mmsghdr> msgs(kBurst);
  std::vector<iovec> iov(kBurst);
  size_t sent_total = 0;
  for (size_t n0 = 0; n0 < per_stream; n0 += kBurst) {
    const size_t n = std::min(kBurst, per_stream - n0);
    for (size_t i = 0; i < streams; ++i) {
      for (size_t k = 0; k < n; ++k) {
        auto& p = pkts[i * per_stream + n0 + k];
        iov[k] = {p.data(), p.size()};
        std::memset(&msgs[k], 0, sizeof msgs[k]);
        msgs[k].msg_hdr.msg_iov = &iov[k];
        msgs[k].msg_hdr.msg_iovlen = 1;
        msgs[k].msg_hdr.msg_name = &dst[i];
        msgs[k].msg_hdr.msg_namelen = sizeof(sockaddr_in);
      }
      size_t sent = 0;
      while (sent < n) {
        int r = ::sendmmsg(tx[i], msgs.data() + sent, static_cast<unsigned>(n - sent), 0);
        if (r > 0) sent += static_cast<size_t>(r);
      }
      sent_total += n;
    }
    // Keep the relay within reach: a sender far ahead of it would only measure kernel drops. Waits
    // at most 20 ms per round (lost packets must not stall the run).
    for (int w = 0; w < 20 && sent_total > received.load() + 256; ++w) {
      pollfd none{-1, 0, 0};
      ::poll(&none, 0, 1);
    }
  }
  // Drain: wait until nothing more arrives for 200 ms.
  uint64_t last = 0;
  do {
    last = received.load();
    pollfd none{-1, 0, 0};
    ::poll(&none, 0, 200);
  } while (received.load() != last);
  const double cpu = cpu_seconds(stat_path) - cpu0;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() - 0.2;
  done = true;
  receiver.join();
  const double got = static_cast<double>(received.load());
  std::printf("%s %s sent %zu relayed %.0f (%.1f%%) relay_cpu %.3f s wall %.3f s pps_per_cpu %.0f pps_wall %.0f\n",
              mode.c_str(), relay_name.c_str(), total, got, 100.0 * got / static_cast<double>(total), cpu, wall,
              cpu > 0 ? got / cpu : 0.0, wall > 0 ? got / wall : 0.0);
  if (relay) relay->stop();
  return 0;
}
