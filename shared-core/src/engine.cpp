// The public API (include/checkout/engine.h): loaders, then the pricing
// stages in their fixed order, then the quote writer (the fingerprint only
// when the caller asks for the fingerprinted text). This is the one place
// where exceptions stop: every failure leaves as a Result holding an Error.
#include "checkout/engine.h"

#include <exception>
#include <map>
#include <new>
#include <utility>

#include "catalog_direct.h"
#include "catalog_loader.h"
#include "error.h"
#include "guarded.h"
#include "json_reader.h"
#include "json_strict.h"
#include "model.h"
#include "pricing_run.h"
#include "pricing_state.h"
#include "quote_writer.h"
#include "request_loader.h"

namespace checkout {
namespace {

Error internal_error() { return Error{err::internal, "Internal error while quoting.", ""}; }

template <class T, class Body>
Result<T> guarded(Body&& body) { return guarded_call<T>(std::forward<Body>(body), internal_error); }

// Strict parse whose error paths are relative to where the document sits in
// a request (e.g. a catalog passed alone is the request's "/catalog").
Json parse_at(std::string_view text, const std::string& path_prefix) {
  try {
    return parse_json_strict(text);
  } catch (const InputError& e) {
    throw InputError(Error{e.error().code, e.error().message, path_prefix + e.error().path});
  }
}

}  // namespace

QuoteState run_pricing(const Catalog& catalog, const StockLevels& stock, const Cart& cart, const Context& context,
                       StoreDistances* distances) {
  QuoteState q;
  q.distances = distances;
  q.catalog = &catalog;
  q.stock = &stock;
  q.cart = &cart;
  q.context = &context;
  q.lines.reserve(cart.lines.size());
  // The cart subtotal is summed here, with the path of the line that makes it
  // overflow; every later sum of line amounts is bounded by it.
  int64_t cart_subtotal = 0;
  for (size_t i = 0; i < cart.lines.size(); ++i) {
    const CartLine& cl = cart.lines[i];
    const Variant& v = catalog.variants[static_cast<size_t>(cl.variant_index)];
    LineState line;
    line.index = static_cast<int32_t>(i);
    line.cart = &cl;
    line.variant = &v;
    line.product = &catalog.products[static_cast<size_t>(v.product_index)];
    line.unit_price = v.price;
    const std::string quantity_path = "/cart/lines/" + std::to_string(i) + "/quantity";
    line.subtotal = checked_mul(v.price, cl.quantity, quantity_path);
    cart_subtotal = checked_add(cart_subtotal, line.subtotal, quantity_path);
    q.lines.push_back(std::move(line));
  }
  apply_promotions(q);
  quote_shipping(q);
  quote_pickup(q);
  compute_tax(q);
  compute_totals(q);
  return q;
}

namespace {

PricedQuote price_cart(const Catalog& catalog, const StockLevels& stock, const Cart& cart, const Context& context) {
  return write_quote(run_pricing(catalog, stock, cart, context));
}

// {"cart", "context"} (and "catalog" in a one-shot request, read by the caller).
PricedQuote price_document(const Catalog& catalog, const StockLevels& stock, const Json& doc,
                           std::initializer_list<std::string_view> allowed_keys) {
  JsonReader root(doc, "");
  root.expect_only(allowed_keys);
  Cart cart = load_cart(root.field("cart").json(), catalog, "/cart");
  Context context = load_context(root.field("context").json(), catalog, "/context");
  return price_cart(catalog, stock, cart, context);
}

}  // namespace

Result<Engine> Engine::load(std::string_view catalog_json, const std::string& path_prefix) {
  return guarded<Engine>([&] {
    if (std::optional<LoadedCatalog> direct = load_catalog_direct(catalog_json, path_prefix)) {
      Engine e;
      e.stock_ = std::make_shared<const StockLevels>(std::move(direct->stock));
      e.catalog_ = std::make_shared<const Catalog>(std::move(direct->catalog));
      return e;
    }
    // Declined: the DOM loader reads it again and reports what is wrong.
    Json doc = parse_at(catalog_json, path_prefix);
    Result<Engine> loaded = load(doc, path_prefix);
    if (!loaded.ok()) throw InputError(loaded.error());
    return std::move(loaded.value());
  });
}

Result<Engine> Engine::load(const nlohmann::json& catalog, const std::string& path_prefix) {
  return guarded<Engine>([&] {
    Engine e;
    auto loaded = std::make_shared<Catalog>(load_catalog(catalog, path_prefix));
    e.stock_ = std::make_shared<const StockLevels>(load_stock(catalog, *loaded, path_prefix));
    e.catalog_ = std::move(loaded);
    return e;
  });
}

Result<PricedQuote> Engine::price(std::string_view cart_and_context_json) const {
  return guarded<PricedQuote>([&] {
    return price_document(*catalog_, *stock_, parse_json_strict(cart_and_context_json), {"cart", "context"});
  });
}

Result<PricedQuote> Engine::price(const nlohmann::json& cart_and_context) const {
  return guarded<PricedQuote>([&] { return price_document(*catalog_, *stock_, cart_and_context, {"cart", "context"}); });
}

Result<std::string> Engine::quote(std::string_view cart_and_context_json) const {
  return guarded<std::string>([&] {
    return price_document(*catalog_, *stock_, parse_json_strict(cart_and_context_json), {"cart", "context"})
        .fingerprinted_text();
  });
}

Result<std::string> Engine::quote(const nlohmann::json& cart_and_context) const {
  return guarded<std::string>(
      [&] { return price_document(*catalog_, *stock_, cart_and_context, {"cart", "context"}).fingerprinted_text(); });
}

Engine Engine::with_levels(const std::vector<StockLevelChange>& changes) const {
  // The new levels per touched location (a later change of one key wins),
  // keyed by (kind, index) so the work is in a fixed order.
  std::map<std::pair<StockLevelChange::Location, int32_t>, LocationStock::Levels> touched;
  for (const StockLevelChange& change : changes) {
    const bool store = change.location == StockLevelChange::Location::Store;
    const auto& by_id = store ? catalog_->store_by_id : catalog_->warehouse_by_id;
    const auto location = by_id.find(change.location_id);
    if (location == by_id.end()) {
      // Codes as the single-level calls have always answered.
      if (store) fail(err::unknown_store, "Store \"" + change.location_id + "\" is not in the catalog.");
      fail(err::invalid_value, "Warehouse \"" + change.location_id + "\" is not in the catalog.");
    }
    if (catalog_->variant_by_sku.find(change.sku) == catalog_->variant_by_sku.end()) {
      fail(err::unknown_sku, "SKU \"" + change.sku + "\" is not in the catalog.");
    }
    if (change.on_hand < 0 || change.on_hand > kMaxStock) {
      fail(err::invalid_value, "A stock level must be from 0 to " + std::to_string(kMaxStock) + " units.");
    }
    touched[std::make_pair(change.location, location->second)][change.sku] = change.on_hand;
  }
  // Copies pointers only: every location, and every run of levels within a
  // touched location, that no change falls into stays shared.
  auto stock = std::make_shared<StockLevels>(*stock_);
  for (const auto& [key, levels] : touched) {
    auto& location = (key.first == StockLevelChange::Location::Store ? stock->stores
                                                                     : stock->warehouses)[static_cast<size_t>(key.second)];
    location = location.with(levels);
  }
  Engine e;
  e.catalog_ = catalog_;
  e.stock_ = std::move(stock);
  return e;
}

Result<Engine> Engine::with_stock_levels(const std::vector<StockLevelChange>& changes) const {
  return guarded<Engine>([&] { return with_levels(changes); });
}

Result<Engine> Engine::with_store_stock(const std::string& store_id, const std::string& sku, int64_t on_hand) const {
  return with_stock_levels({StockLevelChange{StockLevelChange::Location::Store, store_id, sku, on_hand}});
}

Result<Engine> Engine::with_warehouse_stock(const std::string& warehouse_id, const std::string& sku,
                                            int64_t on_hand) const {
  return with_stock_levels({StockLevelChange{StockLevelChange::Location::Warehouse, warehouse_id, sku, on_hand}});
}

std::vector<StockLevelChange> Engine::listed_stock() const {
  std::vector<StockLevelChange> out;
  auto add = [&](StockLevelChange::Location kind, const std::string& id, const LocationStock& levels) {
    levels.for_each([&](const std::string& sku, int64_t units) { out.push_back(StockLevelChange{kind, id, sku, units}); });
  };
  // Stores in id order, warehouses as the catalog lists them (model.h).
  for (size_t i = 0; i < stock_->stores.size(); ++i) {
    add(StockLevelChange::Location::Store, catalog_->stores[i].id, stock_->stores[i]);
  }
  for (size_t i = 0; i < stock_->warehouses.size(); ++i) {
    add(StockLevelChange::Location::Warehouse, catalog_->warehouses[i].id, stock_->warehouses[i]);
  }
  return out;
}

Result<std::string> quote_request(std::string_view request_json) {
  return guarded<std::string>([&] {
    Json doc = parse_json_strict(request_json);
    JsonReader root(doc, "");
    root.expect_only({"catalog", "cart", "context"});
    const Json& catalog_json = root.field("catalog").json();
    Catalog catalog = load_catalog(catalog_json, "/catalog");
    StockLevels stock = load_stock(catalog_json, catalog, "/catalog");
    return price_document(catalog, stock, doc, {"catalog", "cart", "context"}).fingerprinted_text();
  });
}

std::string error_json(const Error& e) {
  try {
    Json error{{"code", e.code}, {"message", e.message}, {"path", e.path}};
    if (!e.params.empty()) {
      Json& params = error["params"];
      for (const Param& p : e.params) params[p.name] = p.is_number ? Json(p.number) : Json(p.text);
    }
    return canonical_dump(Json{{"error", std::move(error)}});
  } catch (...) {
    // Only reachable on allocation failure; a fixed, valid document still goes out.
    return R"({"error":{"code":"internal","message":"Internal error while quoting.","path":""}})";
  }
}

}  // namespace checkout
