// The merchant's catalog as the server uses it: the validated JSON, facts
// the routes need (stores, warehouses, which warehouse a shipping method
// ships from, promotions with usage limits), and the checkout engine with
// live stock.
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
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checkout/engine.h"
#include "storage.h"

namespace server {

struct StoreInfo {
  std::string id, name, address, country, region, postal_code, timezone;
  int32_t lat_e6 = 0, lon_e6 = 0;
  int64_t safety_stock = 0;
};

// A variant's purchase_limit (docs/formats.md): at most so many units per
// customer (normalised email) and per client address in a window.
struct PurchaseLimit {
  std::optional<int64_t> per_customer, per_client;
  int64_t window_seconds = 0;
};

struct VariantInfo {
  std::string product_id;
  bool pickup_eligible = true;
  std::optional<PurchaseLimit> purchase_limit;
};

class LiveCatalog {
 public:
  // Throws std::runtime_error (with the core's error) when the file is
  // unreadable or the catalog invalid.
  static std::unique_ptr<LiveCatalog> load_file(const std::string& path);

  // Stock levels as the catalog file gives them (the seed of a new database).
  std::vector<StockRow> initial_stock() const;
  // Builds the first engine from live `available` levels (rows of unknown
  // stores, warehouses or SKUs are ignored: the catalog may have changed).
  void start(const std::vector<StockRow>& live);

  std::shared_ptr<const checkout::Engine> engine() const { return std::atomic_load(&engine_); }

  // Applies the current values of changed rows. `read` fetches them and runs
  // under the update lock, so whichever commit applies last reads the latest
  // values and nothing ever goes back to an older level. `changed` is called
  // (also under the lock) for each row whose level differs from the engine's.
  void apply(const std::function<std::vector<StockRow>()>& read, const std::function<void(const StockRow&)>& changed);

  // Live available units (before any safety stock), 0 when unknown.
  int64_t available(const StockKey& key) const;

  // The catalog with live stock, canonical JSON, and its ETag; cached until
  // stock changes.
  std::pair<std::shared_ptr<const std::string>, std::string> snapshot();

  const std::string& currency() const { return currency_; }
  const StoreInfo* store(const std::string& id) const;
  const std::map<std::string, StoreInfo>& stores() const { return stores_; }
  bool has_warehouse(const std::string& id) const { return warehouses_.count(id) > 0; }
  std::optional<std::string> method_warehouse(const std::string& method_id) const;
  const VariantInfo* variant(const std::string& sku) const;
  const std::vector<PromotionLimit>& limited_promotions() const { return limited_promotions_; }
  const PromotionLimit* promotion_limit(const std::string& id) const;

 private:
  LiveCatalog() = default;
  std::string etag_for(int64_t stock_version) const;
  // A row of a store or warehouse and a SKU the catalog has.
  bool knows(const StockKey& key) const;

  nlohmann::json json_;  // as loaded, stock included
  std::string content_hash_;
  std::string boot_nonce_;
  std::string currency_;
  std::map<std::string, StoreInfo> stores_;
  std::set<std::string> warehouses_;
  std::map<std::string, std::string> method_warehouse_;
  std::map<std::string, VariantInfo> variants_;
  std::vector<PromotionLimit> limited_promotions_;

  std::shared_ptr<const checkout::Engine> engine_;
  mutable std::mutex mu_;  // guards the fields below and serialises apply()
  std::map<StockKey, int64_t> available_;
  int64_t stock_version_ = 0;
  int64_t snapshot_version_ = -1;
  std::shared_ptr<const std::string> snapshot_;
};

}  // namespace server
