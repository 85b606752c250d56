// The public API of the checkout core: catalog snapshot + cart + context -> quote.
// A pure function of its inputs: no I/O, no clock, no locale. Nothing here
// throws; every failure comes back as an Error {code, message, path}.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "checkout/error.h"
#include "checkout/result.h"
#include "checkout/quote_view.h"

namespace checkout {

struct Catalog;
struct StockLevels;

// One live stock level for Engine::with_stock_levels.
struct StockLevelChange {
  enum class Location : uint8_t { Store, Warehouse };
  Location location = Location::Store;
  std::string location_id;  // store or warehouse id
  std::string sku;
  int64_t on_hand = 0;
};

class Engine {
 public:
  // Loads and validates a catalog snapshot (the "catalog" object of the
  // request format). Paths in errors are relative to the catalog document,
  // prefixed with `path_prefix` (e.g. "/catalog").
  static Result<Engine> load(std::string_view catalog_json, const std::string& path_prefix = "");
  static Result<Engine> load(const nlohmann::json& catalog, const std::string& path_prefix = "");
  // Text as std::string or a literal would match both overloads above (json
  // converts from strings), so these pick the text one.
  static Result<Engine> load(const std::string& catalog_json, const std::string& path_prefix = "") {
    return load(std::string_view(catalog_json), path_prefix);
  }
  static Result<Engine> load(const char* catalog_json, const std::string& path_prefix = "") {
    return load(std::string_view(catalog_json), path_prefix);
  }

  // Prices {"cart": ..., "context": ...} without hashing: the quote's text,
  // binding and typed view; the fingerprint is computed when first asked for.
  // For re-pricing on every keystroke and for the server's own reading.
  Result<PricedQuote> price(std::string_view cart_and_context_json) const;
  Result<PricedQuote> price(const nlohmann::json& cart_and_context) const;
  Result<PricedQuote> price(const std::string& cart_and_context_json) const {
    return price(std::string_view(cart_and_context_json));
  }
  Result<PricedQuote> price(const char* cart_and_context_json) const {
    return price(std::string_view(cart_and_context_json));
  }

  // Quotes {"cart": ..., "context": ...}; returns the canonical quote JSON
  // with its "fingerprint" (price(...).value().fingerprinted_text()).
  Result<std::string> quote(std::string_view cart_and_context_json) const;
  Result<std::string> quote(const nlohmann::json& cart_and_context) const;
  Result<std::string> quote(const std::string& cart_and_context_json) const {
    return quote(std::string_view(cart_and_context_json));
  }
  Result<std::string> quote(const char* cart_and_context_json) const {
    return quote(std::string_view(cart_and_context_json));
  }

  // A new engine sharing this catalog, with one store's (or warehouse's) stock
  // level for one SKU replaced. Error when the store/warehouse is unknown or
  // qty < 0. Used for live stock updates in the browser and on the server.
  Result<Engine> with_store_stock(const std::string& store_id, const std::string& sku, int64_t on_hand) const;
  Result<Engine> with_warehouse_stock(const std::string& warehouse_id, const std::string& sku, int64_t on_hand) const;
  // The same for several levels at once (a later change of one key wins).
  // The new engine shares every location no change touches; each touched
  // location is copied once. All or nothing: the first invalid change is the
  // error, with the errors of the single-level calls above.
  Result<Engine> with_stock_levels(const std::vector<StockLevelChange>& changes) const;

  // The levels this engine's locations list (a catalog's stock as written,
  // either form: docs/formats.md "stock"): stores by id, then warehouses as
  // listed, SKUs ascending in each. The server seeds its ledger from them.
  std::vector<StockLevelChange> listed_stock() const;

  const Catalog& catalog() const { return *catalog_; }
  std::shared_ptr<const Catalog> shared_catalog() const { return catalog_; }  // for CatalogView
  const StockLevels& stock() const { return *stock_; }

 private:
  Engine() = default;
  Engine with_levels(const std::vector<StockLevelChange>& changes) const;  // throws InputError
  std::shared_ptr<const Catalog> catalog_;
  std::shared_ptr<const StockLevels> stock_;
};

// One-shot: {"catalog": ..., "cart": ..., "context": ...} -> quote JSON.
Result<std::string> quote_request(std::string_view request_json);

// {"error":{"code":...,"message":...,"path":...}} in canonical form.
std::string error_json(const Error& e);

// The version of the request/quote format this core speaks.
constexpr const char* kFormatVersion = "1";

}  // namespace checkout
