// Persists the location service's bindings through the SQLite store (queued, written in the
// background) and converts between proxy::Binding and store::BindingRecord.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "proxy/location.h"
#include "store/sqlite_binding_store.h"

namespace vg::server {

class BindingStoreAdapter final : public proxy::BindingStore {
 public:
  static Result<std::unique_ptr<BindingStoreAdapter>, std::string> open(const std::string& path);

  void save(const proxy::Binding& b) override;
  void remove(std::string_view aor, std::string_view contact) override;
  std::vector<proxy::Binding> load_all() override;
  void flush();

 private:
  explicit BindingStoreAdapter(std::unique_ptr<store::SqliteBindingStore> s) : store_(std::move(s)) {}
  std::unique_ptr<store::SqliteBindingStore> store_;
};

}  // namespace vg::server
