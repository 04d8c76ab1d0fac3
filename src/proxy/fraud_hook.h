// Glue between the proxy and the toll-fraud engine (src/fraud): dialog answers and ends feed the
// engine's live counters. The INVITE check and the live teardowns are ProxyCore members
// (fraud_hook.cc). Owned by the server next to the DialogTracker it observes.
#pragma once

#include "fraud/engine.h"
#include "proxy/dialogs.h"

namespace vg::proxy {

class FraudDialogObserver final : public DialogObserver {
 public:
  explicit FraudDialogObserver(fraud::Engine& engine) : engine_(engine) {}
  void on_dialog_answered(const Dialog& d) override { engine_.on_answer(d.call_id, d.from_tag); }
  // Every way a call ends arrives here (BYE, CANCEL, failure response, timeout, our teardown).
  void on_dialog_ended(const Dialog& d) override { engine_.on_end(d.call_id, d.from_tag, d.end_reason); }

 private:
  fraud::Engine& engine_;
};

}  // namespace vg::proxy
