#include "request_loader.h"

#include <limits>
#include <map>

#include "catalog_loader.h"
#include "civil_time.h"
#include "error.h"
#include "identifiers.h"
#include "json_reader.h"

namespace checkout {
namespace {

constexpr size_t kMaxCouponLength = 100;
constexpr size_t kMaxIdLength = 128;
constexpr size_t kMaxShortLength = 64;
constexpr int32_t kMaxPickupStores = 100;

// Quantities get their own codes (invalid_quantity / quantity_too_large) so the
// widget can point at the quantity stepper rather than show a generic error.
int64_t read_quantity(const JsonReader& r, const std::string& sku) {
  const Json& j = r.json();
  if (j.is_number_float()) fail(err::invalid_quantity, "Quantity must be a whole number.", r.path());
  if (!j.is_number_integer()) fail(err::wrong_type, "Quantity must be a whole number.", r.path());
  if (j.is_number_unsigned()) {
    uint64_t u = j.get<uint64_t>();
    if (u > static_cast<uint64_t>(kMaxQuantity)) {
      fail(err::quantity_too_large, "Quantity must be at most " + std::to_string(kMaxQuantity) + ".", r.path(),
           {number_param("max", kMaxQuantity), text_param("sku", sku)});
    }
    if (u == 0) fail(err::invalid_quantity, "Quantity must be at least 1.", r.path());
    return static_cast<int64_t>(u);
  }
  int64_t q = j.get<int64_t>();
  if (q < 1) fail(err::invalid_quantity, "Quantity must be at least 1.", r.path());
  if (q > kMaxQuantity) {
    fail(err::quantity_too_large, "Quantity must be at most " + std::to_string(kMaxQuantity) + ".", r.path(),
         {number_param("max", kMaxQuantity), text_param("sku", sku)});
  }
  return q;
}

void read_fulfilment(const JsonReader& line, const Catalog& catalog, CartLine& out) {
  auto f = line.optional_field("fulfilment");
  if (!f) return;
  f->expect_object();
  std::string type = f->field("type").as_enum({"ship", "pickup"});
  if (type == "ship") {
    f->expect_only({"type"});
    return;
  }
  f->expect_only({"type", "store"});
  JsonReader store = f->field("store");
  out.store_id = store.as_string(kMaxIdLength);
  auto it = catalog.store_by_id.find(out.store_id);
  if (it == catalog.store_by_id.end()) {
    fail(err::unknown_store, "Store \"" + out.store_id + "\" is not in the catalog.", store.path(),
         {text_param("store", out.store_id)});
  }
  const Variant& v = catalog.variants[static_cast<size_t>(out.variant_index)];
  if (!v.pickup_eligible) {
    fail(err::not_pickup_eligible, "\"" + v.sku + "\" cannot be picked up in store; it can only be shipped.",
         f->path(), {text_param("sku", v.sku)});
  }
  out.fulfilment = Fulfilment::Pickup;
  out.store_index = it->second;
}

}  // namespace

Cart load_cart(const Json& cart_json, const Catalog& catalog, const std::string& path) {
  JsonReader root(cart_json, path);
  root.expect_only({"lines", "coupons", "shipping_method", "currency"});
  Cart cart;
  // Checked first: lines priced in another currency would be meaningless.
  if (auto currency = root.optional_field("currency")) {
    cart.currency = currency->as_string(kMaxShortLength);
    if (*cart.currency != catalog.currency) {
      fail(err::currency_mismatch,
           "The cart is in " + *cart.currency + " but the catalog prices are in " + catalog.currency + ".",
           currency->path(), {text_param("currency", *cart.currency), text_param("expected", catalog.currency)});
    }
  }
  std::map<std::string, int64_t> ordered_by_sku;  // max_per_order limits the whole order, not one line
  for (const JsonReader& lr : root.field("lines").items(0, kMaxLines)) {
    lr.expect_only({"sku", "quantity", "fulfilment"});
    CartLine line;
    JsonReader sku = lr.field("sku");
    line.sku = sku.as_string(kMaxIdLength);
    auto it = catalog.variant_by_sku.find(line.sku);
    if (it == catalog.variant_by_sku.end()) {
      fail(err::unknown_sku, "SKU \"" + line.sku + "\" is not in the catalog.", sku.path(), {text_param("sku", line.sku)});
    }
    line.variant_index = it->second;
    JsonReader quantity = lr.field("quantity");
    line.quantity = read_quantity(quantity, line.sku);
    const Variant& v = catalog.variants[static_cast<size_t>(line.variant_index)];
    int64_t& ordered = ordered_by_sku[line.sku];
    ordered += line.quantity;  // <= kMaxLines * kMaxQuantity: no overflow
    if (v.max_per_order > 0 && ordered > v.max_per_order) {
      fail(err::quantity_too_large,
           "At most " + std::to_string(v.max_per_order) + " of \"" + v.sku + "\" can be ordered at once.",
           quantity.path(), {number_param("max", v.max_per_order), text_param("sku", v.sku)});
    }
    read_fulfilment(lr, catalog, line);
    cart.lines.push_back(std::move(line));
  }
  if (auto coupons = root.optional_field("coupons")) {
    for (const JsonReader& cr : coupons->items(0, kMaxCoupons)) {
      // Measured after trimming, as the catalog's codes are (identifiers.h).
      std::string code = cr.as_normalised(kMaxCouponLength, trim_spaces);
      if (code.empty()) fail(err::invalid_value, "A coupon code must not be blank.", cr.path());
      cart.coupons.push_back(std::move(code));
    }
  }
  if (auto method = root.optional_field("shipping_method")) {
    std::string id = method->as_string(kMaxIdLength);
    if (catalog.shipping_method_by_id.find(id) == catalog.shipping_method_by_id.end()) {
      fail(err::unknown_shipping_method, "Shipping method \"" + id + "\" is not in the catalog.", method->path(),
           {text_param("method", id)});
    }
    cart.shipping_method = std::move(id);
  }
  return cart;
}

Context load_context(const Json& context_json, const Catalog& catalog, const std::string& path) {
  JsonReader root(context_json, path);
  root.expect_only({"now", "channel", "destination", "location", "customer_group", "max_pickup_stores",
                    "exhausted_promotions"});
  Context ctx;
  JsonReader now = root.field("now");
  ctx.now = now.as_instant();
  if (!is_quotable_instant(ctx.now)) {
    fail(err::invalid_value, "now must be from 1970-01-02T00:00:00Z to 9978-12-31T23:59:59Z.", now.path());
  }
  if (auto channel = root.optional_field("channel")) {
    ctx.channel = channel->as_normalised(kMaxShortLength, normalise_label);
    if (ctx.channel.empty()) fail(err::invalid_value, "channel must not be blank.", channel->path());
  }
  if (auto dest = root.optional_field("destination")) {
    dest->expect_only({"country", "region", "postal_code"});
    Destination d;
    d.country = dest->field("country").as_country();
    d.region = dest->text_or("region", kMaxShortLength);
    if (auto postal = dest->optional_field("postal_code")) {
      d.postal_code = postal->as_normalised(kMaxShortLength, normalise_postal_code);
    }
    ctx.destination = std::move(d);
  }
  if (auto loc = root.optional_field("location")) {
    loc->expect_object();
    if (loc->has("lat_e6") || loc->has("lon_e6")) {
      loc->expect_only({"lat_e6", "lon_e6"});
      GeoPoint p{0, 0};
      p.lat_e6 = loc->field("lat_e6").as_int32(-90'000'000, 90'000'000);
      p.lon_e6 = loc->field("lon_e6").as_int32(-180'000'000, 180'000'000);
      ctx.location = p;
    } else {
      loc->expect_only({"country", "postal_code"});
      std::string country = loc->field("country").as_country();
      JsonReader postal = loc->field("postal_code");
      std::string code = postal.as_string(kMaxShortLength);
      const GeoPoint* point = find_postal_code(catalog, country, code);
      if (point == nullptr) {
        fail(err::invalid_value,
             "Postal code \"" + code + "\" (" + country + ") is unknown: the catalog has no location for it.",
             postal.path());
      }
      ctx.location = *point;
    }
  }
  if (auto group = root.optional_field("customer_group")) {
    ctx.customer_group = group->as_normalised(kMaxIdLength, normalise_label);
  }
  ctx.max_pickup_stores = root.int32_or("max_pickup_stores", 0, kMaxPickupStores, 10);
  if (auto exhausted = root.optional_field("exhausted_promotions")) {
    ctx.exhausted_promotions = exhausted->as_string_list(kMaxPromotions, kMaxIdLength, ListOrder::SortedUnique);
  }
  return ctx;
}

}  // namespace checkout
