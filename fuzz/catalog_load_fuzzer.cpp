// libFuzzer target: Engine::load on arbitrary bytes (seeds: the catalogs of
// tests/golden and the VAT demo merchant). A catalog that loads is then used
// the way the server and the widget use it: a cart built from its own SKUs,
// stores, methods and codes is quoted, and a live stock update is applied,
// so whatever the loader let through must also price cleanly.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "checkout/engine.h"
#include "model.h"
#include "quote_oracles.h"

namespace {

using checkout::Json;

// A cart that touches as much of the catalog as one request can: the first
// and last SKU (one picked up at the first store if there is one), every
// promotion code, the first shipping method, a destination where the first
// tax rule applies, and a customer location.
Json cart_for(const checkout::Catalog& c) {
  Json lines = Json::array();
  if (!c.variants.empty()) {
    lines.push_back(Json{{"sku", c.variants.front().sku}, {"quantity", 2}});
    Json last{{"sku", c.variants.back().sku}, {"quantity", 1}};
    if (!c.stores.empty() && c.variants.back().pickup_eligible) {
      last["fulfilment"] = Json{{"type", "pickup"}, {"store", c.stores.front().id}};
    }
    lines.push_back(std::move(last));
  }
  Json coupons = Json::array();
  for (const checkout::Promotion& p : c.promotions) {
    for (const std::string& code : p.codes) {
      if (coupons.size() < checkout::kMaxCoupons) coupons.push_back(code);
    }
  }
  Json cart{{"lines", std::move(lines)}, {"coupons", std::move(coupons)}};
  if (!c.shipping_methods.empty()) cart["shipping_method"] = c.shipping_methods.front().id;
  Json destination{{"country", "US"}};
  if (!c.tax_rules.empty()) {
    const checkout::TaxRule& rule = c.tax_rules.front();
    destination = Json{{"country", rule.country}};
    if (!rule.region.empty()) destination["region"] = rule.region;
    destination["postal_code"] = rule.postal_prefix.empty() ? "10001" : rule.postal_prefix + "00";
  }
  Json context{{"now", "2026-11-23T10:00:00Z"},
               {"destination", std::move(destination)},
               {"location", Json{{"lat_e6", 40712800}, {"lon_e6", -74006000}}}};
  return Json{{"cart", std::move(cart)}, {"context", std::move(context)}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  checkout::Result<checkout::Engine> loaded = checkout::Engine::load(text, "/catalog");
  if (!loaded.ok()) {
    fuzz::check_error(loaded.error());
    return 0;
  }
  const checkout::Engine& engine = loaded.value();
  const Json request = cart_for(engine.catalog());
  const checkout::Result<std::string> quoted = engine.quote(request);
  fuzz::check_result(quoted);
  // The text entry point must agree with the JSON one.
  const checkout::Result<std::string> via_text = engine.quote(checkout::canonical_dump(request));
  if (fuzz::answer_text(quoted) != fuzz::answer_text(via_text)) {
    fuzz::violated("quote(json) and quote(text) differ", fuzz::answer_text(quoted) + "\n---\n" + fuzz::answer_text(via_text));
  }
  const checkout::Catalog& c = engine.catalog();
  if (!c.stores.empty() && !c.variants.empty()) {
    checkout::Result<checkout::Engine> restocked = engine.with_store_stock(c.stores.front().id, c.variants.front().sku, 0);
    if (!restocked.ok()) fuzz::violated("with_store_stock refused a known store and SKU", restocked.error().message);
    fuzz::check_result(restocked.value().quote(request));
  }
  if (!c.warehouses.empty() && !c.variants.empty()) {
    checkout::Result<checkout::Engine> restocked =
        engine.with_warehouse_stock(c.warehouses.front().id, c.variants.back().sku, 1'000'000'000'000);
    if (!restocked.ok()) fuzz::violated("with_warehouse_stock refused a known warehouse and SKU", restocked.error().message);
    fuzz::check_result(restocked.value().quote(request));
  }
  return 0;
}
