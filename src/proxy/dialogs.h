// Dialog tracking (RFC 3261 §12) of every INVITE session through voipguard: state, timestamps, the
// accounts on each side, and what is needed to end the call ourselves (BYE to both parties, or
// CANCEL while early). Active-call counts per account and tenant feed the filters. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/ip.h"
#include "core/small_string.h"
#include "net/transport.h"
#include "proxy/timer_wheel.h"

namespace vg::proxy {

enum class DialogState : uint8_t { kEarly, kConfirmed, kTerminated };
std::string_view dialog_state_name(DialogState s);

// One party of a dialog as voipguard must address it.
struct DialogParty {
  SmallString<72> target;    // remote target URI (its Contact; NAT-fixed)
  net::Outbound out;         // where requests to it are sent
  uint32_t cseq = 0;         // highest CSeq number seen from it
};

// Media of a relayed call, per side (0 caller, 1 callee): what each sent us (for the CDR).
struct DialogMedia {
  bool relayed = false;
  uint64_t packets[2] = {0, 0}, bytes[2] = {0, 0}, lost[2] = {0, 0}, dropped[2] = {0, 0};
  double jitter_ms[2] = {0, 0};
  bool srtp[2] = {false, false};
};

// The text fields are stored inline up to typical sizes (longer values go to the heap): a dialog is
// created for every call, and a dozen small heap strings per call showed in the proxy's profile.
struct Dialog {
  SmallString<64> call_id;
  SmallString<40> from_tag;
  SmallString<40> to_tag;
  SmallString<96> from;        // From header value as sent by the caller (with tag)
  SmallString<96> to;          // To header value (with the callee's tag once known)
  SmallString<48> tenant;
  SmallString<32> caller_account;  // "" when not a local account
  SmallString<32> callee_account;
  Endpoint caller_source;
  DialogParty caller;
  DialogParty callee;
  SmallString<48> invite_branch;  // our branch on the forwarded INVITE (CANCEL while early)
  DialogState state = DialogState::kEarly;
  int64_t start_ms = 0, answer_ms = 0, end_ms = 0;  // unix milliseconds
  Clock::MonoTime deadline{};  // early: unanswered timeout; confirmed: max duration
  std::string end_reason;
  DialogMedia media;
  TimerLink timer;             // the tracker's: linked at `deadline`

  [[nodiscard]] std::string key() const { return call_id.str() + '\x1f' + from_tag.str(); }
};

// Told when a dialog is answered and when it ends, whichever way (BYE, CANCEL, failure response,
// timeout, teardown): the fraud engine's live counters. Called with the tracker's shard lock held,
// so an observer must not call back into the tracker.
class DialogObserver {
 public:
  virtual ~DialogObserver() = default;
  virtual void on_dialog_answered(const Dialog& d) = 0;
  virtual void on_dialog_ended(const Dialog& d) = 0;
};

struct DialogTimeouts {
  std::chrono::seconds early{180};
  std::chrono::seconds max_duration{14400};
};

class DialogTracker {
 public:
  using Timeouts = DialogTimeouts;
  // How long an ended dialog stays (see expire()).
  static constexpr std::chrono::seconds kEndedLinger{5};

  DialogTracker() = default;
  explicit DialogTracker(Timeouts t) : timeouts_(t) {}

  // A new INVITE was forwarded. Returns false if the dialog already exists (a retransmission).
  bool start(Dialog d, Clock::MonoTime now);
  // A response to the INVITE passed through. 1xx with a to-tag: early; 2xx: confirmed; >= 300: ended.
  void on_invite_response(std::string_view call_id, std::string_view from_tag, int status, std::string_view to,
                          std::string_view to_tag, std::string_view callee_contact, const net::Outbound* callee_out,
                          int64_t now_ms, Clock::MonoTime mono);
  // An in-dialog request passed (BYE ends it; CSeq numbers are recorded for our own BYEs).
  // from_caller: the request came from the caller side.
  void on_request(std::string_view call_id, std::string_view tag_a, std::string_view tag_b, std::string_view method,
                  uint32_t cseq, int64_t now_ms);
  void on_cancel(std::string_view call_id, std::string_view from_tag, int64_t now_ms);

  [[nodiscard]] std::optional<Dialog> find(std::string_view call_id, std::string_view from_tag) const;
  // Whether (call_id, tag_a, tag_b) names a tracked dialog in either direction (the caller sends
  // with its own tag first, the callee with the tags swapped); confirmed_only: answered and not
  // ended. No copy of the dialog is made.
  [[nodiscard]] bool known(std::string_view call_id, std::string_view tag_a, std::string_view tag_b,
                           bool confirmed_only) const;
  // Marks a dialog ended by voipguard (teardown); returns its last state so the caller can send BYEs.
  std::optional<Dialog> terminate(std::string_view call_id, std::string_view from_tag, std::string_view reason,
                                  int64_t now_ms);
  // Dialogs past their deadline: removed and returned (the caller tears confirmed ones down).
  std::vector<Dialog> expire(Clock::MonoTime now, int64_t now_ms);
  // Ended dialogs are kept briefly for records, then dropped by expire().
  [[nodiscard]] size_t active_calls_for_account(std::string_view account) const;
  [[nodiscard]] size_t active_calls_for_tenant(std::string_view tenant) const;
  [[nodiscard]] size_t active_count() const;
  [[nodiscard]] std::vector<Dialog> snapshot() const;
  // Called with every dialog that ends (CDR hook). Set before traffic starts.
  void set_on_end(std::function<void(const Dialog&)> fn) { on_end_ = std::move(fn); }
  // Set before traffic starts (the fraud engine); nullptr for none.
  void set_observer(DialogObserver* o) { observer_ = o; }
  // Called just before on_end with the dialog to complete (the media relay adds its counters).
  void set_before_end(std::function<void(Dialog&)> fn) { before_end_ = std::move(fn); }

 private:
  static constexpr size_t kShards = 16;
  // Keys are call_id + '\x1f' + from_tag (neither can hold that byte); lookups take the two parts
  // as views, so no key string is built to search.
  struct KeyView {
    std::string_view call_id, tag;
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(const KeyView& k) const;
    size_t operator()(std::string_view stored) const;
  };
  struct KeyEq {
    using is_transparent = void;
    bool operator()(std::string_view stored, const KeyView& k) const;
    bool operator()(const KeyView& k, std::string_view stored) const { return (*this)(stored, k); }
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  };
  using Key = SmallString<112>;
  using Map = std::unordered_map<Key, Dialog, KeyHash, KeyEq>;
  // Each dialog is linked into its shard's timer wheel at its deadline (unanswered timeout, maximum
  // duration, the linger of an ended dialog), so expire() touches only what is due.
  struct Shard {
    mutable std::mutex mu;
    Map dialogs;
    TimerWheel wheel;
  };
  Shard& shard(std::string_view call_id) const { return shards_[std::hash<std::string_view>{}(call_id) % kShards]; }
  static void schedule(Shard& s, Map::value_type& e);
  Dialog* locate(Shard& s, std::string_view call_id, std::string_view tag_a, std::string_view tag_b);
  void end(Dialog& d, std::string_view reason, int64_t now_ms);

  Timeouts timeouts_;
  mutable std::array<Shard, kShards> shards_;
  std::function<void(const Dialog&)> on_end_;
  DialogObserver* observer_ = nullptr;
  std::function<void(Dialog&)> before_end_;
};

}  // namespace vg::proxy
