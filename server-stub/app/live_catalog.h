// The merchant's catalog with live stock: the checkout engine, swapped as
// stock changes, and the catalog document served at /api/catalog. Facts of
// the catalog (stores, variants, which warehouse a method ships from,
// promotion limits) are the core's: view().
//
// The engine is immutable and shared: quoting takes a std::shared_ptr copy
// (an atomic load) and never locks. After a committed stock change the
// caller passes the rows' current values to apply(), which builds one new
// engine for all of them with Engine::with_stock_levels (copying only the
// touched locations' levels) and swaps it in.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checkout/catalog_view.h"
#include "checkout/engine.h"
#include "storage.h"

namespace server {

class LiveCatalog {
 public:
  // Throws std::runtime_error (with the core's error) when the file is
  // unreadable or the catalog invalid.
  static std::unique_ptr<LiveCatalog> load_file(const std::string& path);

  // Stock levels as the catalog file gives them (the seed of a new database).
  std::vector<StockRow> initial_stock() const;
  // Builds the first engine from live `available` levels (rows of unknown
  // stores, warehouses or SKUs are ignored: the catalog may have changed).
  // Not concurrent with requests (view() changes to the new engine's catalog).
  void start(const std::vector<StockRow>& live);

  std::shared_ptr<const checkout::Engine> engine() const { return std::atomic_load(&engine_); }

  // Applies the current values of changed rows. `read` fetches them and runs
  // under the update lock, so whichever commit applies last reads the latest
  // values and nothing ever goes back to an older level. `changed` is called
  // (also under the lock) for each row whose level differs from the engine's.
  void apply(const std::function<std::vector<StockRow>()>& read, const std::function<void(const StockRow&)>& changed);

  // The catalog with live stock, canonical JSON, and its ETag; cached until
  // stock changes. The ETag is a hash of the body, so every instance serving
  // the same catalog with the same levels gives the same one (a client moving
  // between instances behind a load balancer gets 304 only for identical content).
  std::pair<std::shared_ptr<const std::string>, std::string> snapshot();

  // The catalog's facts as the core read them (stock aside, they never change).
  const checkout::CatalogView& view() const { return *view_; }

 private:
  LiveCatalog() = default;
  // A row of a store or warehouse and a SKU the catalog has.
  bool knows(const StockKey& key) const;

  nlohmann::json json_;  // as loaded, stock included
  std::shared_ptr<const checkout::Engine> file_engine_;  // the file's catalog and stock, for initial_stock
  std::optional<checkout::CatalogView> view_;

  std::shared_ptr<const checkout::Engine> engine_;
  mutable std::mutex mu_;  // guards the fields below and serialises apply()
  std::map<StockKey, int64_t> available_;
  int64_t stock_version_ = 0;
  int64_t snapshot_version_ = -1;
  std::shared_ptr<const std::string> snapshot_;
  std::string snapshot_etag_;
};

}  // namespace server
