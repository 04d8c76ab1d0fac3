// Builds the pipeline from the configuration: one explicit line per filter, in the order they run
// (no self-registering statics). Add a filter here and in filters_config.{h,cc}.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/result.h"
#include "filters/pipeline.h"

namespace vg::geo {
class Watcher;
}
namespace vg::feeds {
class FeedSet;
}

namespace vg::filters {

struct BuildInputs {
  std::vector<std::string> listener_names;  // configured listeners, in order
  // Scanner signatures (text of data/scanner-signatures.txt); empty: the embedded default, or the
  // configured signatures_file when set.
  std::string scanner_signatures;
  // Does `source` hold a current registration of account@tenant? Lets an account's own phones keep
  // working while its authentication is locked against distributed cracking. Unset: never.
  std::function<bool(std::string_view account, std::string_view tenant, const IpAddress& source)> has_binding;
  // Country data for filters.geo (required when it has rules) and the running blocklist feeds
  // (required when filters.feeds lists any). Owned by the server; they outlive every pipeline.
  const vg::geo::Watcher* geo = nullptr;
  const vg::feeds::FeedSet* feeds = nullptr;
};

// The configured pipeline, or a message saying what is wrong (e.g. an unreadable signatures file).
Result<std::unique_ptr<Pipeline>, std::string> build_pipeline(const config::Config& cfg, Pipeline::Deps deps,
                                                              BuildInputs inputs);

}  // namespace vg::filters
