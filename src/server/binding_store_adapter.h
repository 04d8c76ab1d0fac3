// Persists the location service's bindings in the configured store (SQLite or PostgreSQL: the
// registrations table, queued on the store's writer, written in the background) and converts
// between proxy::Binding and store::BindingRecord.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "proxy/location.h"
#include "store/binding_repository.h"

namespace vg::server {

class BindingStoreAdapter final : public proxy::BindingStore {
 public:
  // The writer must outlive the adapter.
  explicit BindingStoreAdapter(store::StoreWriter& writer) : repo_(writer), writer_(writer) {}

  void save(const proxy::Binding& b) override;
  void remove(std::string_view aor, std::string_view contact) override;
  // Nothing (and a logged warning) when the store cannot be read.
  std::vector<proxy::Binding> load_all() override;
  void flush();

 private:
  store::BindingRepository repo_;
  store::StoreWriter& writer_;
};

}  // namespace vg::server
