#include "routes_catalog.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checkout/availability.h"
#include "checkout/civil_time.h"
#include "compression.h"
#include "time_text.h"

namespace server {

http::Response CatalogRoutes::get_catalog(const http::Request& r) const {
  auto [body, etag] = catalog_->snapshot();
  const Encoding encoding = negotiate_encoding(r);
  http::Response response;
  // A client holding any representation of this version (identity, gzip,
  // brotli: the same JSON once decoded) gets a 304 with the tag it holds.
  std::string tag;
  for (Encoding held : {Encoding::Identity, Encoding::Gzip, Encoding::Brotli}) {
    if (if_none_match(r, etag_for_encoding(etag, held))) {
      tag = etag_for_encoding(etag, held);
      break;
    }
  }
  if (!tag.empty()) {
    response.status = 304;
    response.headers.clear();
  } else {
    // Compressed once per stock version (the snapshot's ETag), then cached.
    std::shared_ptr<const std::string> encoded = cached_compressed("catalog", etag, encoding, body);
    response = raw_json_response(200, encoded ? *encoded : *body);
    response.headers.clear();
    if (encoded) response.headers.emplace_back("Content-Encoding", encoding_token(encoding));
    tag = etag_for_encoding(etag, encoded ? encoding : Encoding::Identity);
  }
  response.headers.emplace_back("ETag", tag);
  response.headers.emplace_back("Vary", "Accept-Encoding");
  // The widget corrects its clock from this, so its quotes' "now" falls
  // within the server's tolerance even on a badly set device.
  response.headers.emplace_back("Date", format_http_date(clock_()));
  // Stock changes the ETag: caches must ask, and get a 304 while nothing changed.
  response.headers.emplace_back("Cache-Control", "no-cache");
  return response;
}

http::Response CatalogRoutes::post_quote(const http::Request& r) const {
  checkout::Result<Json> parsed = checkout::parse_strict_json(r.body);
  if (!parsed.ok()) return engine_error(parsed.error());
  Json& body = parsed.value();
  if (auto e = expect_object(body, "", {"cart", "context", "customer"}, {"cart", "context"})) return *e;
  std::optional<std::string> customer_key;  // unknown until the customer gives an email
  if (auto customer = body.find("customer"); customer != body.end()) {
    if (auto e = expect_object(*customer, "/customer", {"email"}, {})) return *e;
    if (auto e = expect_string(*customer, "email", "/customer", 254, false)) return *e;
    if (customer->contains("email")) customer_key = email_key(customer->at("email").get<std::string>());
  }
  if (!body["cart"].is_object()) return api_error(400, "wrong_type", "cart must be an object.", "/cart");
  if (auto e = quoting_->check_client_request(body["cart"], body["context"])) return *e;
  if (auto limited = quoting_->coupon_gate(r, body["cart"])) return *limited;
  if (auto e = quoting_->prepare_context(body["context"], customer_key)) return *e;

  Json input{{"cart", std::move(body["cart"])}, {"context", std::move(body["context"])}};
  checkout::Result<checkout::PricedQuote> priced = catalog_->engine()->price(input);
  if (!priced.ok()) return engine_error(priced.error());
  const auto coupons = input["cart"].find("coupons");
  if (coupons != input["cart"].end() && coupons->is_array() && !coupons->empty()) {
    quoting_->count_unknown_codes(r, priced.value().view());
  }
  // The engine's canonical text, unchanged: byte-identical to the browser's.
  return raw_json_response(200, priced.value().fingerprinted_text());
}

namespace {

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

bool parse_int(const std::string& s, int64_t lo, int64_t hi, int64_t& out) {
  if (s.empty() || s.size() > 12) return false;
  size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  if (s[0] == '-') v = -v;
  if (v < lo || v > hi) return false;
  out = v;
  return true;
}

}  // namespace

// Per-store pickup stock and ready times for a few SKUs near a place, all
// from one engine (one stock version): the store order, distances and ready
// times from a quote of one unit of each SKU, the units from the core's
// availability view (safety stock held back, as pricing counts them).
http::Response CatalogRoutes::get_availability(const http::Request& r) const {
  const std::vector<std::string> skus = split_list(r.query_param("skus"));
  if (skus.empty()) return api_error(400, "missing_field", "Give skus=SKU1,SKU2,...", "/query/skus");
  if (skus.size() > 50) return api_error(400, "too_many", "At most 50 SKUs per request.", "/query/skus", Json{{"max", 50}});
  const checkout::CatalogView& view = catalog_->view();
  for (size_t i = 0; i < skus.size(); ++i) {
    if (!view.variant(skus[i])) {
      return api_error(404, "unknown_sku", "No product has the SKU \"" + skus[i] + "\".", "/query/skus/" + std::to_string(i),
                       Json{{"sku", skus[i]}});
    }
  }
  int64_t limit = 10;
  if (!r.query_param("limit").empty() && !parse_int(r.query_param("limit"), 1, 50, limit)) {
    return limit_out_of_range(50);
  }
  Json context{{"now", checkout::format_utc(clock_())}, {"max_pickup_stores", limit}};
  const std::string lat = r.query_param("lat_e6"), lon = r.query_param("lon_e6");
  const std::string postal = r.query_param("postal_code");
  if (!lat.empty() || !lon.empty()) {
    int64_t lat_e6 = 0, lon_e6 = 0;
    if (!parse_int(lat, -90'000'000, 90'000'000, lat_e6)) {
      return api_error(400, "invalid_value", "lat_e6 must be integer microdegrees.", "/query/lat_e6");
    }
    if (!parse_int(lon, -180'000'000, 180'000'000, lon_e6)) {
      return api_error(400, "invalid_value", "lon_e6 must be integer microdegrees.", "/query/lon_e6");
    }
    context["location"] = Json{{"lat_e6", lat_e6}, {"lon_e6", lon_e6}};
  } else if (!postal.empty()) {
    std::string country = r.query_param("country");
    if (country.empty()) {
      const std::vector<checkout::StoreFacts> stores = view.stores();
      if (!stores.empty()) country = stores.front().country;
    }
    context["location"] = Json{{"country", country}, {"postal_code", postal}};
  }
  Json lines = Json::array();
  for (const std::string& sku : skus) lines.push_back(Json{{"sku", sku}, {"quantity", 1}});
  const std::shared_ptr<const checkout::Engine> engine = catalog_->engine();
  // Priced without a fingerprint: only the pickup options of its typed view are read.
  checkout::Result<checkout::PricedQuote> quote =
      engine->price(Json{{"cart", Json{{"lines", std::move(lines)}}}, {"context", context}});
  if (!quote.ok()) {
    checkout::Error e = quote.error();
    if (e.path.rfind("/context/location", 0) == 0) e.path = postal.empty() ? "/query/lat_e6" : "/query/postal_code";
    return engine_error(e);
  }
  Json stores = Json::array();
  for (const checkout::QuoteView::PickupStore& option : quote.value().view().pickup_stores) {
    const std::string& store_id = option.store;
    const std::optional<checkout::StoreFacts> info = view.store(store_id);
    const checkout::Result<std::vector<checkout::SkuAvailability>> available =
        checkout::availability(*engine, checkout::LocationKind::Store, store_id, skus);
    if (!info || !available.ok()) continue;
    Json items = Json::array();
    int64_t lines_in_stock = 0;
    for (const checkout::SkuAvailability& a : available.value()) {
      if (a.available > 0) ++lines_in_stock;
      items.push_back(Json{{"sku", a.sku}, {"available", a.available}, {"pickup_eligible", view.variant(a.sku)->pickup_eligible}});
    }
    Json entry{{"store", store_id},
               {"name", info->name},
               {"address", info->address},
               {"postal_code", info->postal_code},
               {"curbside", option.curbside},
               {"items", std::move(items)},
               {"availability", lines_in_stock == static_cast<int64_t>(skus.size()) ? "all"
                                : lines_in_stock > 0                              ? "partial"
                                                                                  : "none"}};
    if (option.distance_m) entry["distance_m"] = *option.distance_m;
    if (option.ready_at) entry["ready_at"] = *option.ready_at;
    if (option.ready_local) entry["ready_local"] = *option.ready_local;
    stores.push_back(std::move(entry));
  }
  // What a shipped line can get before an address picks the method (and so
  // the warehouse): the most any warehouse holds. 0 = pickup only.
  std::vector<int64_t> ship_units(skus.size(), 0);
  for (const std::string& warehouse : view.warehouses()) {
    const checkout::Result<std::vector<checkout::SkuAvailability>> held =
        checkout::availability(*engine, checkout::LocationKind::Warehouse, warehouse, skus);
    if (!held.ok()) continue;
    for (size_t i = 0; i < skus.size(); ++i) ship_units[i] = std::max(ship_units[i], held.value()[i].available);
  }
  Json shipping = Json::array();
  for (size_t i = 0; i < skus.size(); ++i) shipping.push_back(Json{{"sku", skus[i]}, {"available", ship_units[i]}});
  Json out{{"skus", skus}, {"stores", std::move(stores)}, {"shipping", std::move(shipping)}, {"as_of", context["now"]}};
  if (context.contains("location")) out["location"] = context["location"];
  return json_response(200, out);
}

}  // namespace server
