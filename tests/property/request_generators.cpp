// Generators for request_generators.h. Every choice is a RapidCheck pick, so
// a failing case shrinks: chance() shrinks towards "no", ranges towards their
// low end, which drops optional fields and leaves small, plain requests.
#include "request_generators.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace property {
namespace {

// True with `percent` % probability; shrinks to false.
bool chance(int percent) { return pick(0, 99) >= 100 - percent; }

template <class T>
T one_of(const std::vector<T>& items) {
  return items[static_cast<size_t>(pick(0, static_cast<int64_t>(items.size()) - 1))];
}

// A sorted, duplicate-free subset: the loaders require target and zone lists
// in that form.
std::vector<std::string> some_of(const std::vector<std::string>& items, bool non_empty) {
  std::set<std::string> chosen;
  for (const std::string& item : items) {
    if (chance(40)) chosen.insert(item);
  }
  if (non_empty && chosen.empty()) chosen.insert(one_of(items));
  return {chosen.begin(), chosen.end()};
}

std::string two_digits(int64_t n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// Amounts in minor units: 0, cents, everyday prices, and very large ones up to
// the format's 10^15 limit.
int64_t money() {
  switch (pick(0, 9)) {
    case 0: return 0;
    case 1: return pick(1, 99);
    case 8: return pick(1'000'000, 10'000'000'000);
    case 9: return pick(1'000'000'000'000, 1'000'000'000'000'000);
    default: return pick(100, 99'999);
  }
}

// Mostly a few units; sometimes dozens; rarely up to the 10^6 limit.
int64_t quantity() {
  switch (pick(0, 19)) {
    case 18: return pick(10, 200);
    case 19: return pick(1'000, 1'000'000);
    default: return pick(1, 5);
  }
}

// A percent as the wire takes it: a JSON integer or a decimal string.
Json percent(bool allow_zero) {
  const int64_t low = allow_zero ? 0 : 1;
  switch (pick(0, 4)) {
    case 0: return pick(low, 100);
    case 1: return std::to_string(pick(low, 99)) + "." + std::to_string(pick(allow_zero ? 0 : 1, 9));
    case 2: {
      std::string digits = std::to_string(pick(1, 999'999));
      return "0." + std::string(6 - digits.size(), '0') + digits;
    }
    case 3: return one_of<std::string>({"100", "8.875", "19", "7", "33.333333", "50", "12.5"});
    default: return allow_zero ? Json("0") : Json("25");
  }
}

// 2026-MM-DDTHH:MM:SSZ. Same-format strings compare like the instants.
std::string instant() {
  return "2026-" + two_digits(pick(1, 12)) + "-" + two_digits(pick(1, 28)) + "T" + two_digits(pick(0, 23)) + ":" +
         two_digits(pick(0, 59)) + ":" + two_digits(pick(0, 59)) + "Z";
}

std::string hhmm(int64_t minutes) { return two_digits(minutes / 60) + ":" + two_digits(minutes % 60); }

const std::vector<std::string> kTimezones = {"EST5EDT,M3.2.0,M11.1.0", "CET-1CEST,M3.5.0,M10.5.0/3", "UTC0", "JST-9"};
const std::vector<std::string> kCategories = {"apparel", "books", "food", "sale"};
const std::vector<std::string> kTaxCategories = {"standard", "reduced", "zero", "exempt"};
const std::vector<std::string> kChannels = {"app", "store", "web"};
const std::vector<std::string> kGroups = {"staff", "vip"};

struct Place {
  std::string country, region, postal_code;
  int64_t lat_e6, lon_e6;
};
const std::vector<Place> kPlaces = {
    {"US", "NY", "10013", 40'720'000, -74'000'000}, {"US", "NY", "14201", 42'900'000, -78'880'000},
    {"US", "NJ", "07030", 40'740'000, -74'030'000}, {"DE", "BE", "10115", 52'530'000, 13'380'000},
    {"DE", "BY", "80331", 48'130'000, 11'570'000},  {"FR", "IDF", "75001", 48'860'000, 2'340'000},
};

// Mostly the scenario's home place, so tax rules, shipping zones, stores and
// the destination meet often enough to tax lines and shipping.
Place near(const Place& home) { return chance(70) ? home : one_of(kPlaces); }

// What the catalog generator made, for the cart and context generators.
struct CatalogFacts {
  Place home;
  std::vector<std::string> skus;
  std::vector<std::string> pickup_skus;
  std::vector<std::string> product_ids;
  std::vector<std::string> promotion_ids;
  std::vector<std::string> codes;
  std::vector<std::string> method_ids;
  std::vector<std::string> store_ids;
};

Json products(CatalogFacts& facts) {
  Json list = Json::array();
  const int64_t product_count = pick(1, 4);
  char next_sku = 'A';
  for (int64_t p = 0; p < product_count; ++p) {
    Json product{{"id", "prod-" + std::to_string(p)}, {"title", "Product " + std::to_string(p)}};
    facts.product_ids.push_back(product["id"].get<std::string>());
    if (chance(60)) product["categories"] = some_of(kCategories, false);
    if (chance(30)) product["tax_category"] = one_of(kTaxCategories);
    Json variants = Json::array();
    for (int64_t v = pick(1, 3); v > 0; --v) {
      // Letters in catalog order; carts use them in any order.
      const std::string sku = std::string("SKU-") + next_sku++;
      Json variant{{"sku", sku}, {"price", money()}};
      if (chance(30)) variant["title"] = "Variant " + sku;
      if (chance(20)) variant["compare_at_price"] = money();
      if (chance(60)) variant["weight_g"] = pick(0, 3'000);
      if (chance(25)) variant["tax_category"] = one_of(kTaxCategories);
      const bool pickup = !chance(15);
      if (!pickup || chance(20)) variant["pickup_eligible"] = pickup;
      facts.skus.push_back(sku);
      if (pickup) facts.pickup_skus.push_back(sku);
      variants.push_back(std::move(variant));
    }
    product["variants"] = std::move(variants);
    list.push_back(std::move(product));
  }
  return list;
}

Json effect(const CatalogFacts& facts) {
  switch (pick(0, 5)) {
    case 0: return Json{{"type", "percent_off"}, {"percent", percent(false)}};
    case 1: {
      Json e{{"type", "amount_off"}, {"amount", std::max<int64_t>(1, money())}};
      if (chance(60)) e["per"] = one_of<std::string>({"order", "unit"});
      return e;
    }
    case 2: return Json{{"type", "fixed_price"}, {"price", money()}};
    case 3: {
      Json e{{"type", "buy_x_get_y"}, {"buy", pick(1, 3)}, {"get", pick(1, 2)}};
      if (chance(40)) e["percent"] = percent(false);
      if (chance(40)) e["max_applications"] = pick(0, 3);
      return e;
    }
    case 4: {
      const bool by_quantity = chance(50);
      Json tiers = Json::array();
      int64_t threshold = 0;
      for (int64_t n = pick(1, 3); n > 0; --n) {
        threshold += by_quantity ? pick(1, 4) : pick(1, 20'000);
        if (chance(50)) {
          tiers.push_back(Json{{"threshold", threshold}, {"percent", percent(false)}});
        } else {
          tiers.push_back(Json{{"threshold", threshold}, {"amount", std::max<int64_t>(1, money())}});
        }
      }
      return Json{{"type", "tiered"}, {"basis", by_quantity ? "quantity" : "subtotal"}, {"tiers", std::move(tiers)}};
    }
    default: {
      Json e{{"type", "free_shipping"}};
      if (chance(30) && !facts.method_ids.empty()) e["methods"] = some_of(facts.method_ids, false);
      if (chance(30)) e["countries"] = some_of({"DE", "US"}, false);
      return e;
    }
  }
}

Json promotions(CatalogFacts& facts, const std::string& now) {
  Json list = Json::array();
  for (int64_t i = 0, n = pick(0, 5); i < n; ++i) {
    const std::string id = "promo-" + std::to_string(i);
    Json p{{"id", id}, {"title", "Promotion " + std::to_string(i)}};
    facts.promotion_ids.push_back(id);
    if (chance(50)) {
      Json codes = Json::array();
      for (int64_t c = pick(1, 2); c > 0; --c) {
        const std::string code = "CODE" + std::to_string(i) + static_cast<char>('A' + c);
        facts.codes.push_back(code);
        // The catalog may spell a code in lower case; it is matched case-insensitively.
        codes.push_back(chance(20) ? "code" + std::to_string(i) + static_cast<char>('a' + c) : code);
      }
      p["codes"] = std::move(codes);
    }
    if (chance(50)) p["priority"] = pick(-3, 3);
    if (chance(25)) p["combination"] = one_of<std::string>({"stackable", "exclusive"});
    if (chance(15)) p["stop_further"] = chance(70);
    if (chance(20)) p["valid_from"] = chance(50) ? now : instant();
    if (chance(20)) {
      const std::string until = chance(30) ? now : instant();
      if (!p.contains("valid_from") || p["valid_from"].get<std::string>() < until) p["valid_until"] = until;
    }
    if (chance(15)) p["channels"] = some_of(kChannels, false);
    if (chance(15)) p["customer_groups"] = some_of(kGroups, false);
    if (chance(30)) {
      Json conditions = Json::object();
      if (chance(60)) conditions["min_subtotal"] = chance(20) ? money() : pick(0, 20'000);
      if (chance(50)) conditions["min_quantity"] = pick(0, 8);
      p["conditions"] = std::move(conditions);
    }
    if (chance(50)) {
      Json target = Json::object();
      if (chance(50)) target["skus"] = some_of(facts.skus, false);
      if (chance(30)) target["product_ids"] = some_of(facts.product_ids, false);
      if (chance(30)) target["categories"] = some_of(kCategories, false);
      p["target"] = std::move(target);
    }
    p["effect"] = effect(facts);
    list.push_back(std::move(p));
  }
  return list;
}

Json tax_rules(const CatalogFacts& facts) {
  Json list = Json::array();
  for (int64_t i = 0, n = pick(0, 3); i < n; ++i) {
    const Place place = near(facts.home);
    Json t{{"id", "tax-" + std::to_string(i)}, {"name", "Tax " + std::to_string(i)}, {"country", place.country},
           {"rate", percent(true)}};
    if (chance(40)) t["region"] = place.region;
    if (chance(30)) t["postal_prefix"] = place.postal_code.substr(0, static_cast<size_t>(pick(1, 3)));
    if (chance(40)) t["reduced_rate"] = percent(true);
    if (chance(70)) t["shipping_taxable"] = chance(80);
    list.push_back(std::move(t));
  }
  return list;
}

Json stock(const CatalogFacts& facts) {
  Json s = Json::object();
  for (const std::string& sku : facts.skus) {
    if (chance(70)) s[sku] = chance(5) ? pick(1'000'000, 1'000'000'000'000) : pick(0, 20);
  }
  return s;
}

Json shipping(CatalogFacts& facts) {
  Json s = Json::object();
  if (chance(30)) {
    Json calendar = Json::object();
    if (chance(50)) calendar["weekend"] = some_of({"fri", "sat", "sun"}, false);
    if (chance(50)) calendar["holidays"] = Json::array({"2026-" + two_digits(pick(1, 12)) + "-" + two_digits(pick(1, 28)), "2026-12-25"});
    s["calendar"] = std::move(calendar);
  }
  Json warehouse{{"id", "wh-main"}, {"timezone", one_of(kTimezones)}};
  if (chance(50)) warehouse["cutoff"] = hhmm(pick(8, 20) * 60);
  if (chance(50)) warehouse["handling_days"] = pick(0, 3);
  if (chance(80)) warehouse["stock"] = stock(facts);
  s["warehouses"] = Json::array({std::move(warehouse)});
  Json methods = Json::array();
  for (int64_t i = 0, n = pick(1, 2); i < n; ++i) {
    const std::string id = i == 0 ? "standard" : "express";
    facts.method_ids.push_back(id);
    Json zones = Json::array();
    std::vector<std::string> countries = some_of({"DE", "FR", "US"}, true);
    if (chance(60) && std::find(countries.begin(), countries.end(), facts.home.country) == countries.end()) {
      countries.push_back(facts.home.country);
    }
    for (const std::string& country : countries) {
      Json zone{{"country", country}};
      if (country != "FR" && chance(25)) {
        zone["regions"] = country == "US" ? some_of({"NJ", "NY"}, true) : some_of({"BE", "BY"}, true);
      }
      if (country != "FR" && chance(20)) {
        zone["postal_prefixes"] = country == "US" ? some_of({"07", "1"}, true) : some_of({"10", "8"}, true);
      }
      zones.push_back(std::move(zone));
    }
    Json m{{"id", id}, {"name", i == 0 ? "Standard" : "Express"}, {"warehouse", "wh-main"}, {"zones", std::move(zones)}};
    const int64_t min_days = pick(0, 4);
    m["transit_days"] = Json{{"min", min_days}, {"max", min_days + pick(0, 3)}};
    const bool by_weight = chance(50);
    if (by_weight) {
      Json brackets = Json::array();
      int64_t max_weight = 0;
      for (int64_t b = pick(1, 3); b > 0; --b) {
        max_weight += pick(1, 20'000);
        brackets.push_back(Json{{"max_weight_g", max_weight}, {"price", money()}});
      }
      m["weight_rates"] = std::move(brackets);
    }
    if (!by_weight || chance(30)) {
      Json brackets = Json::array({Json{{"min_subtotal", 0}, {"price", money()}}});
      int64_t min_subtotal = 0;
      for (int64_t b = pick(0, 2); b > 0; --b) {
        min_subtotal += pick(1, 20'000);
        brackets.push_back(Json{{"min_subtotal", min_subtotal}, {"price", money()}});
      }
      m["subtotal_rates"] = std::move(brackets);
    }
    if (chance(40)) m["free_over"] = chance(20) ? money() : pick(0, 20'000);
    if (chance(25)) m["tax_category"] = one_of(kTaxCategories);
    methods.push_back(std::move(m));
  }
  s["methods"] = std::move(methods);
  return s;
}

Json opening_hours() {
  Json hours = Json::object();
  for (const char* day : {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}) {
    if (!chance(80)) continue;
    const int64_t open = pick(0, 20) * 60 + (chance(30) ? 30 : 0);
    const int64_t close = std::min<int64_t>(open + pick(1, 12) * 60, 24 * 60);
    Json intervals = Json::array({Json::array({hhmm(open), hhmm(close)})});
    if (close <= 22 * 60 && chance(20)) intervals.push_back(Json::array({hhmm(close + 60), "24:00"}));
    hours[day] = std::move(intervals);
  }
  return hours;
}

Json stores(CatalogFacts& facts) {
  Json list = Json::array();
  for (int64_t i = 0, n = pick(0, 3); i < n; ++i) {
    const Place place = near(facts.home);
    // Ids against catalog order, so sorting by id is exercised.
    const std::string id = "store-" + std::string(1, static_cast<char>('z' - i));
    facts.store_ids.push_back(id);
    Json store{{"id", id},
               {"name", "Store " + id},
               {"country", place.country},
               {"lat_e6", place.lat_e6 + pick(-50'000, 50'000)},
               {"lon_e6", place.lon_e6 + pick(-50'000, 50'000)},
               {"timezone", one_of(kTimezones)},
               {"hours", opening_hours()}};
    if (chance(80)) store["region"] = place.region;
    if (chance(80)) store["postal_code"] = place.postal_code;
    if (chance(50)) store["preparation_minutes"] = pick(0, 240);
    if (chance(30)) store["curbside"] = chance(50);
    if (chance(40)) store["safety_stock"] = pick(0, 3);
    if (chance(85)) store["stock"] = stock(facts);
    list.push_back(std::move(store));
  }
  return list;
}

Json catalog(CatalogFacts& facts, const std::string& now) {
  Json c{{"currency", one_of<std::string>({"USD", "EUR", "JPY", "KWD"})}};
  if (chance(30)) c["version"] = "v" + std::to_string(pick(1, 9));
  if (chance(60)) c["prices_include_tax"] = chance(50);
  if (chance(70)) {
    Json rounding = Json::object();
    if (chance(70)) rounding["mode"] = one_of<std::string>({"half_even", "half_up", "half_down"});
    if (chance(70)) rounding["tax_calculation"] = one_of<std::string>({"per_unit", "per_line", "per_order"});
    c["rounding"] = std::move(rounding);
  }
  c["products"] = products(facts);
  // Shipping before promotions: free-shipping effects name its methods.
  Json ship = shipping(facts);
  c["promotions"] = promotions(facts, now);
  c["tax_rules"] = tax_rules(facts);
  c["shipping"] = std::move(ship);
  c["stores"] = stores(facts);
  return c;
}

// A code as a customer types it: any case, stray spaces.
std::string typed(const std::string& code) {
  std::string out = code;
  if (chance(30)) {
    for (char& ch : out) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
  }
  if (chance(15)) out = "  " + out + " ";
  return out;
}

Json cart(const CatalogFacts& facts, const Json& catalog_json) {
  Json lines = Json::array();
  for (int64_t i = 0, n = pick(1, 20); i < n; ++i) {
    const bool pickup = !facts.store_ids.empty() && !facts.pickup_skus.empty() && chance(35);
    Json line{{"sku", pickup ? one_of(facts.pickup_skus) : one_of(facts.skus)}, {"quantity", quantity()}};
    if (pickup) {
      line["fulfilment"] = Json{{"type", "pickup"}, {"store", one_of(facts.store_ids)}};
    } else if (chance(30)) {
      line["fulfilment"] = Json{{"type", "ship"}};
    }
    lines.push_back(std::move(line));
  }
  Json c{{"lines", std::move(lines)}};
  if (chance(60)) {
    Json coupons = Json::array();
    for (int64_t k = pick(1, 4); k > 0; --k) {
      if (!facts.codes.empty() && chance(80)) {
        coupons.push_back(typed(one_of(facts.codes)));
      } else {
        coupons.push_back(unknown_code(static_cast<int>(pick(0, 3))));
      }
    }
    c["coupons"] = std::move(coupons);
  }
  if (chance(40)) c["shipping_method"] = one_of(facts.method_ids);
  if (chance(20)) c["currency"] = catalog_json["currency"];
  return c;
}

Json context(const CatalogFacts& facts, const std::string& now) {
  Json c{{"now", now}};
  if (chance(50)) c["channel"] = one_of<std::string>({"web", "store", "app", "WEB"});
  if (chance(85)) {
    const Place place = near(facts.home);
    Json destination{{"country", place.country}};
    if (chance(80)) destination["region"] = place.region;
    if (chance(80)) destination["postal_code"] = place.postal_code;
    c["destination"] = std::move(destination);
  }
  if (chance(50)) {
    const Place place = near(facts.home);
    c["location"] = Json{{"lat_e6", place.lat_e6 + pick(-80'000, 80'000)}, {"lon_e6", place.lon_e6 + pick(-80'000, 80'000)}};
  }
  if (chance(30)) c["customer_group"] = one_of(kGroups);
  if (chance(30)) c["max_pickup_stores"] = pick(0, 5);
  if (chance(15) && !facts.promotion_ids.empty()) c["exhausted_promotions"] = some_of(facts.promotion_ids, false);
  return c;
}

}  // namespace

std::string unknown_code(int n) { return "NOPE-" + std::to_string(n); }

rc::Gen<Scenario> scenarios() {
  return rc::gen::exec([] {
    CatalogFacts facts;
    facts.home = one_of(kPlaces);
    const std::string now = instant();
    Scenario s;
    s.catalog = catalog(facts, now);
    s.cart = cart(facts, s.catalog);
    s.context = context(facts, now);
    return s;
  });
}

}  // namespace property
