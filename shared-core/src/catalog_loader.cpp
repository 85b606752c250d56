#include "catalog_loader.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <utility>

#include "error.h"
#include "identifiers.h"
#include "json_reader.h"
#include "return_policy.h"

namespace checkout {
namespace {

// A merchant's cap on units of a SKU per customer and per client over a
// window (flash sales). Pricing ignores it: the server enforces it when
// stock moves, reading it from the catalog view.
void load_purchase_limit(const JsonReader& r, Variant& v) {
  r.expect_only({"per_customer", "per_client", "window_hours"});
  v.purchase_limit_per_customer = r.int_or("per_customer", 1, kMaxQuantity, 0);
  v.purchase_limit_per_client = r.int_or("per_client", 1, kMaxQuantity, 0);
  v.purchase_limit_window_s = r.field("window_hours").as_int(1, 24 * 366) * 3600;
  if (v.purchase_limit_per_customer == 0 && v.purchase_limit_per_client == 0) {
    fail(err::missing_field, "A purchase_limit needs per_customer, per_client or both.", r.path());
  }
}

// String length caps, in characters.
constexpr size_t kMaxIdLength = 128;
constexpr size_t kMaxNameLength = 500;
constexpr size_t kMaxDescriptionLength = 20'000;
constexpr size_t kMaxUrlLength = 2'048;
constexpr size_t kMaxCodeLength = 64;
constexpr size_t kMaxShortLength = 64;
constexpr size_t kMaxPhoneLength = 24;  // regions, postal codes and prefixes, channels
constexpr int32_t kMaxHoldDays = 365;   // a pickup hold; a year is already no limit in practice
// List caps.
constexpr size_t kMaxListItems = 1'000;  // categories, target lists, zones, regions, ...
constexpr size_t kMaxBrackets = 100;
constexpr size_t kMaxTiers = 100;
constexpr size_t kMaxHolidays = 10'000;
constexpr size_t kMaxIntervalsPerDay = 24;

constexpr int64_t kMaxWeightG = 1'000'000'000;  // 1000 t per unit or bracket
constexpr int32_t kMaxDays = 365;               // handling and transit days
constexpr int32_t kMaxPreparationMinutes = 7 * 24 * 60;

// A list of identifiers compared in their normal form (identifiers.h): each
// normalised, then measured; blank is "invalid_value"; sorted, repeats dropped.
std::vector<std::string> normalised_set(const JsonReader& list, size_t max_length,
                                        std::string (*normalise)(std::string_view)) {
  std::vector<std::string> out;
  for (const JsonReader& item : list.items(0, kMaxListItems)) {
    std::string value = item.as_normalised(max_length, normalise);
    if (value.empty()) fail(err::invalid_value, item.label() + " must not be blank.", item.path());
    out.push_back(std::move(value));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

constexpr const char* kDayNames[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

// Remembers ids already seen so a repeat is reported at its own path.
class UniqueIds {
 public:
  explicit UniqueIds(const char* what) : what_(what) {}
  void add(const std::string& id, const std::string& path) {
    if (!seen_.emplace(id, path).second) {
      fail(err::duplicate_id,
           std::string(what_) + " \"" + id + "\" appears more than once (first at " + seen_[id] + ").", path);
    }
  }

 private:
  const char* what_;
  std::map<std::string, std::string> seen_;
};

TaxCategory read_tax_category(const JsonReader& r) {
  std::string s = r.as_enum({"standard", "reduced", "second_reduced", "zero", "exempt"});
  if (s == "reduced") return TaxCategory::Reduced;
  if (s == "second_reduced") return TaxCategory::SecondReduced;
  if (s == "zero") return TaxCategory::Zero;
  if (s == "exempt") return TaxCategory::Exempt;
  return TaxCategory::Standard;
}

TaxCategory tax_category_or(const JsonReader& obj, const char* key, TaxCategory fallback) {
  auto f = obj.optional_field(key);
  return f ? read_tax_category(*f) : fallback;
}

TimeZone read_timezone(const JsonReader& r) {
  std::string rule = r.as_string(kMaxShortLength);
  std::optional<TimeZone> tz = TimeZone::parse(rule);
  if (!tz) {
    fail(err::invalid_value,
         "timezone \"" + rule +
             "\" is not a POSIX TZ rule with offsets under 24 hours, such as \"EST5EDT,M3.2.0,M11.1.0\".",
         r.path());
  }
  return *tz;
}

GeoPoint read_point(const JsonReader& obj) {
  GeoPoint p{0, 0};
  p.lat_e6 = obj.field("lat_e6").as_int32(-90'000'000, 90'000'000);
  p.lon_e6 = obj.field("lon_e6").as_int32(-180'000'000, 180'000'000);
  return p;
}

// A strictly positive percentage: a 0 % discount is a mistake, not a promotion.
Rate read_positive_percent(const JsonReader& r) {
  Rate rate = r.as_percent(100);
  if (rate.e8 == 0) fail(err::invalid_value, r.label() + " must be greater than 0.", r.path());
  return rate;
}

void read_rounding(const JsonReader& root, Catalog& c) {
  auto rounding = root.optional_field("rounding");
  if (!rounding) return;
  rounding->expect_only({"mode", "tax_calculation"});
  if (auto mode = rounding->optional_field("mode")) {
    std::string name = mode->as_enum({"half_even", "half_up", "half_down"});
    c.rounding = name == "half_up" ? RoundingMode::HalfUp : name == "half_down" ? RoundingMode::HalfDown : RoundingMode::HalfEven;
  }
  std::string calc = rounding->enum_or("tax_calculation", {"per_unit", "per_line", "per_order"}, "per_line");
  c.tax_calculation = calc == "per_unit"    ? TaxCalculation::PerUnit
                      : calc == "per_order" ? TaxCalculation::PerOrder
                                            : TaxCalculation::PerLine;
}

// A variant's members by kVariantFields position, from the DOM or from the
// direct reader; absent ones empty.
using VariantFields = std::array<std::optional<JsonReader>, kVariantFields.size()>;
enum VariantField : size_t { kSku, kTitle, kPrice, kCompareAt, kWeight, kTax, kPickup, kMaxPerOrder, kLimit };

// The rules of one variant, whichever reader found its members. `path` is
// the variant's (for a missing member); `skus` reports a repeated SKU at its
// path (without it, add_variant refuses the repeat).
Variant read_variant(const VariantFields& f, const std::string& path, TaxCategory product_tax, UniqueIds* skus) {
  auto required = [&](VariantField k) -> const JsonReader& {
    if (!f[k]) fail(err::missing_field, "Missing required field \"" + std::string(kVariantFields[k]) + "\".",
                    path + "/" + std::string(kVariantFields[k]));
    return *f[k];
  };
  Variant v;
  const JsonReader& sku = required(kSku);
  v.sku = sku.as_string(kMaxIdLength);
  if (skus) skus->add(v.sku, sku.path());
  if (f[kTitle]) v.title = f[kTitle]->as_text(kMaxNameLength);
  v.price = required(kPrice).as_int(0, kMaxMoney);
  if (f[kCompareAt]) v.compare_at_price = f[kCompareAt]->as_int(0, kMaxMoney);
  if (f[kWeight]) v.weight_g = f[kWeight]->as_int(0, kMaxWeightG);
  v.tax_category = f[kTax] ? read_tax_category(*f[kTax]) : product_tax;
  if (f[kPickup]) v.pickup_eligible = f[kPickup]->as_bool();
  if (f[kMaxPerOrder]) v.max_per_order = f[kMaxPerOrder]->as_int(0, kMaxQuantity);
  if (f[kLimit]) load_purchase_limit(*f[kLimit], v);
  return v;
}

void add_variant(Variant v, int32_t product_index, Product& p, Catalog& c) {
  v.product_index = product_index;
  const int32_t variant_index = static_cast<int32_t>(c.variants.size());
  if (!c.variant_by_sku.emplace(v.sku, variant_index).second) fail(err::duplicate_id, "SKU", "");
  p.variant_indices.push_back(variant_index);
  c.variants.push_back(std::move(v));
}

void read_products(const JsonReader& root, Catalog& c, const DirectParts* direct) {
  UniqueIds product_ids("Product id");
  UniqueIds skus("SKU");
  std::vector<JsonReader> products = root.field("products").items(1, kMaxProducts);
  c.products.reserve(products.size());
  for (size_t pi = 0; pi < products.size(); ++pi) {
    const JsonReader& pr = products[pi];
    pr.expect_only({"id", "title", "description", "image", "categories", "tax_category", "variants"});
    Product p;
    JsonReader id = pr.field("id");
    p.id = id.as_string(kMaxIdLength);
    product_ids.add(p.id, id.path());
    p.title = pr.field("title").as_string(kMaxNameLength);
    p.description = pr.text_or("description", kMaxDescriptionLength);
    p.image = pr.text_or("image", kMaxUrlLength);
    if (auto cats = pr.optional_field("categories")) {
      p.categories = cats->as_string_list(kMaxListItems, kMaxIdLength, ListOrder::SortedUnique);
    }
    TaxCategory product_tax = tax_category_or(pr, "tax_category", TaxCategory::Standard);
    const int32_t product_index = static_cast<int32_t>(c.products.size());
    if (direct) {
      // Read without paths: an error here sends the catalog to the DOM loader, which reports it.
      const std::vector<DirectVariant>& variants = direct->variants.at(pi);
      if (variants.empty() || variants.size() > kMaxVariantsPerProduct) fail(err::invalid_value, "variants", "");
      for (const DirectVariant& dv : variants) {
        VariantFields f;
        for (size_t k = 0; k < f.size(); ++k) {
          if (!dv.fields[k].is_discarded()) f[k].emplace(dv.fields[k], std::string());
        }
        add_variant(read_variant(f, std::string(), product_tax, nullptr), product_index, p, c);
      }
    } else {
      for (const JsonReader& vr : pr.field("variants").items(1, kMaxVariantsPerProduct)) {
        vr.expect_only({"sku", "title", "price", "compare_at_price", "weight_g", "tax_category", "pickup_eligible",
                        "max_per_order", "purchase_limit"});
        VariantFields f;
        for (size_t k = 0; k < f.size(); ++k) f[k] = vr.optional_field(kVariantFields[k]);
        add_variant(read_variant(f, vr.path(), product_tax, &skus), product_index, p, c);
      }
    }
    c.products.push_back(std::move(p));
  }
}

void read_target(const JsonReader& pr, Target& t) {
  auto target = pr.optional_field("target");
  if (!target) return;
  target->expect_only({"skus", "product_ids", "categories"});
  if (auto f = target->optional_field("skus")) t.skus = f->as_string_list(kMaxListItems, kMaxIdLength, ListOrder::SortedNoDuplicates);
  if (auto f = target->optional_field("product_ids")) {
    t.product_ids = f->as_string_list(kMaxListItems, kMaxIdLength, ListOrder::SortedNoDuplicates);
  }
  if (auto f = target->optional_field("categories")) {
    t.categories = f->as_string_list(kMaxListItems, kMaxIdLength, ListOrder::SortedNoDuplicates);
  }
}

void read_tiers(const JsonReader& er, Effect& e) {
  std::vector<JsonReader> tiers = er.field("tiers").items(1, kMaxTiers);
  for (const JsonReader& tr : tiers) {
    tr.expect_only({"threshold", "percent", "amount"});
    Tier t;
    JsonReader threshold = tr.field("threshold");
    t.threshold = threshold.as_int(0, kMaxMoney);
    if (!e.tiers.empty() && t.threshold <= e.tiers.back().threshold) {
      fail(err::invalid_value, "Tier thresholds must be strictly ascending.", threshold.path());
    }
    auto percent = tr.optional_field("percent");
    auto amount = tr.optional_field("amount");
    if (percent && amount) {
      fail(err::invalid_value, "A tier has either \"percent\" or \"amount\", not both.", amount->path());
    }
    if (!percent && !amount) {
      fail(err::missing_field, "A tier needs \"percent\" or \"amount\".", tr.child_path("percent"));
    }
    if (percent) t.percent = read_positive_percent(*percent);
    if (amount) t.amount = amount->as_int(1, kMaxMoney);
    e.tiers.push_back(std::move(t));
  }
}

Effect read_effect(const JsonReader& er) {
  er.expect_object();
  Effect e;
  std::string type = er.field("type").as_enum(
      {"percent_off", "amount_off", "fixed_price", "buy_x_get_y", "tiered", "free_shipping"});
  if (type == "percent_off") {
    er.expect_only({"type", "percent"});
    e.type = EffectType::PercentOff;
    e.percent = read_positive_percent(er.field("percent"));
  } else if (type == "amount_off") {
    er.expect_only({"type", "amount", "per"});
    e.type = EffectType::AmountOff;
    e.amount = er.field("amount").as_int(1, kMaxMoney);
    e.per_unit = er.enum_or("per", {"order", "unit"}, "order") == "unit";
  } else if (type == "fixed_price") {
    er.expect_only({"type", "price"});
    e.type = EffectType::FixedPrice;
    e.price = er.field("price").as_int(0, kMaxMoney);
  } else if (type == "buy_x_get_y") {
    er.expect_only({"type", "buy", "get", "percent", "max_applications"});
    e.type = EffectType::BuyXGetY;
    e.buy = er.field("buy").as_int32(1, static_cast<int32_t>(kMaxQuantity));
    e.get = er.field("get").as_int32(1, static_cast<int32_t>(kMaxQuantity));
    auto percent = er.optional_field("percent");
    e.percent = percent ? read_positive_percent(*percent) : Rate{kRateOne};
    e.max_applications = er.int32_or("max_applications", 0, static_cast<int32_t>(kMaxQuantity), 0);
  } else if (type == "tiered") {
    er.expect_only({"type", "basis", "tiers"});
    e.type = EffectType::Tiered;
    e.tier_basis = er.field("basis").as_enum({"subtotal", "quantity"}) == "quantity" ? TierBasis::Quantity
                                                                                      : TierBasis::Subtotal;
    read_tiers(er, e);
  } else {
    er.expect_only({"type", "methods", "countries"});
    e.type = EffectType::FreeShipping;
    if (auto f = er.optional_field("methods")) {
      e.shipping_methods = f->as_string_list(kMaxListItems, kMaxIdLength, ListOrder::SortedNoDuplicates);
    }
    if (auto f = er.optional_field("countries")) {
      for (const JsonReader& country : f->items(0, kMaxListItems)) e.shipping_countries.push_back(country.as_country());
      std::sort(e.shipping_countries.begin(), e.shipping_countries.end());
      e.shipping_countries.erase(std::unique(e.shipping_countries.begin(), e.shipping_countries.end()),
                                 e.shipping_countries.end());
    }
  }
  return e;
}

void read_promotions(const JsonReader& root, Catalog& c) {
  auto list = root.optional_field("promotions");
  if (!list) return;
  UniqueIds promotion_ids("Promotion id");
  UniqueIds codes("Promotion code");  // across every promotion, after normalisation
  for (const JsonReader& pr : list->items(0, kMaxPromotions)) {
    pr.expect_only({"id", "title", "codes", "priority", "combination", "stop_further", "valid_from", "valid_until",
                    "channels", "customer_groups", "usage_limit", "usage_limit_per_customer", "conditions", "target",
                    "effect"});
    Promotion p;
    JsonReader id = pr.field("id");
    p.id = id.as_string(kMaxIdLength);
    promotion_ids.add(p.id, id.path());
    p.title = pr.field("title").as_string(kMaxNameLength);
    if (auto list_codes = pr.optional_field("codes")) {
      for (const JsonReader& cr : list_codes->items(0, kMaxListItems)) {
        // Customers type codes in any case with stray spaces; store the form they match on.
        std::string code = cr.as_normalised(kMaxCodeLength, normalise_promotion_code);
        if (code.empty()) fail(err::invalid_value, "A promotion code must not be blank.", cr.path());
        codes.add(code, cr.path());
        p.codes.push_back(std::move(code));
      }
    }
    p.priority = pr.int32_or("priority", -1'000'000'000, 1'000'000'000, 0);
    p.exclusive = pr.enum_or("combination", {"stackable", "exclusive"}, "stackable") == "exclusive";
    p.stop_further = pr.bool_or("stop_further", false);
    if (auto f = pr.optional_field("valid_from")) p.valid_from = f->as_instant();
    if (auto f = pr.optional_field("valid_until")) {
      p.valid_until = f->as_instant();
      if (p.valid_from && *p.valid_until <= *p.valid_from) {
        fail(err::invalid_value, "valid_until must be after valid_from.", f->path());
      }
    }
    if (auto f = pr.optional_field("channels")) {
      p.channels = normalised_set(*f, kMaxShortLength, normalise_label);
    }
    if (auto f = pr.optional_field("customer_groups")) {
      p.customer_groups = normalised_set(*f, kMaxIdLength, normalise_label);
    }
    if (auto f = pr.optional_field("usage_limit")) p.usage_limit = f->as_int(0, kMaxStock);
    if (auto f = pr.optional_field("usage_limit_per_customer")) p.usage_limit_per_customer = f->as_int(0, kMaxStock);
    if (auto cond = pr.optional_field("conditions")) {
      cond->expect_only({"min_subtotal", "min_quantity"});
      p.min_subtotal = cond->int_or("min_subtotal", 0, kMaxMoney, 0);
      p.min_quantity = cond->int_or("min_quantity", 0, kMaxStock, 0);
    }
    read_target(pr, p.target);
    p.effect = read_effect(pr.field("effect"));
    c.promotions.push_back(std::move(p));
  }
  // Ids are unique, so (priority, id) is a total order.
  std::stable_sort(c.promotions.begin(), c.promotions.end(), [](const Promotion& a, const Promotion& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.id < b.id;
  });
}

void read_tax_rules(const JsonReader& root, Catalog& c) {
  auto list = root.optional_field("tax_rules");
  if (!list) return;
  UniqueIds ids("Tax rule id");
  for (const JsonReader& tr : list->items(0, kMaxTaxRules)) {
    tr.expect_only({"id", "name", "country", "region", "postal_prefix", "rate", "reduced_rate", "second_reduced_rate",
                    "shipping_taxable"});
    TaxRule t;
    JsonReader id = tr.field("id");
    t.id = id.as_string(kMaxIdLength);
    ids.add(t.id, id.path());
    t.name = tr.field("name").as_string(kMaxNameLength);
    t.country = tr.field("country").as_country();
    if (auto f = tr.optional_field("region")) t.region = f->as_string(kMaxShortLength);
    if (auto f = tr.optional_field("postal_prefix")) {
      t.postal_prefix = f->as_normalised(kMaxShortLength, normalise_postal_code);
      if (t.postal_prefix.empty()) fail(err::invalid_value, "postal_prefix must not be blank.", f->path());
    }
    t.standard = tr.field("rate").as_percent(100);
    auto reduced = tr.optional_field("reduced_rate");
    t.reduced = reduced ? reduced->as_percent(100) : t.standard;
    auto second_reduced = tr.optional_field("second_reduced_rate");
    t.second_reduced = second_reduced ? second_reduced->as_percent(100) : t.reduced;
    t.shipping_taxable = tr.bool_or("shipping_taxable", false);
    c.tax_rules.push_back(std::move(t));
  }
}

void read_calendar(const JsonReader& shipping, Catalog& c) {
  auto cal = shipping.optional_field("calendar");
  if (!cal) return;
  cal->expect_only({"weekend", "holidays"});
  if (auto weekend = cal->optional_field("weekend")) {
    c.calendar.weekend.fill(false);
    for (const JsonReader& day : weekend->items(0, 7)) {
      std::string name = day.as_enum({"sun", "mon", "tue", "wed", "thu", "fri", "sat"});
      for (int32_t d = 0; d < 7; ++d) {
        if (name == kDayNames[d]) c.calendar.weekend[static_cast<size_t>(d)] = true;
      }
    }
    if (std::all_of(c.calendar.weekend.begin(), c.calendar.weekend.end(), [](bool w) { return w; })) {
      fail(err::invalid_value, "The weekend cannot be the whole week: nothing would ever ship.", weekend->path());
    }
  }
  if (auto holidays = cal->optional_field("holidays")) {
    for (const JsonReader& h : holidays->items(0, kMaxHolidays)) c.calendar.holidays.push_back(h.as_date());
    std::sort(c.calendar.holidays.begin(), c.calendar.holidays.end());
    c.calendar.holidays.erase(std::unique(c.calendar.holidays.begin(), c.calendar.holidays.end()),
                              c.calendar.holidays.end());
  }
}

void read_warehouses(const JsonReader& shipping, Catalog& c) {
  auto list = shipping.optional_field("warehouses");
  if (!list) return;
  UniqueIds ids("Warehouse id");
  for (const JsonReader& wr : list->items(0, kMaxWarehouses)) {
    wr.expect_only({"id", "timezone", "cutoff", "handling_days", "stock"});
    Warehouse w;
    JsonReader id = wr.field("id");
    w.id = id.as_string(kMaxIdLength);
    ids.add(w.id, id.path());
    w.tz = read_timezone(wr.field("timezone"));
    if (auto f = wr.optional_field("cutoff")) w.cutoff_minutes = f->as_time_of_day();
    w.handling_days = wr.int32_or("handling_days", 0, kMaxDays, 0);
    c.warehouse_by_id.emplace(w.id, static_cast<int32_t>(c.warehouses.size()));
    c.warehouses.push_back(std::move(w));
  }
}

Zone read_zone(const JsonReader& zr) {
  zr.expect_only({"country", "regions", "postal_prefixes"});
  Zone z;
  z.country = zr.field("country").as_country();
  if (auto f = zr.optional_field("regions")) z.regions = f->as_string_list(kMaxListItems, kMaxShortLength, ListOrder::SortedUnique);
  if (auto f = zr.optional_field("postal_prefixes")) {
    z.postal_prefixes = normalised_set(*f, kMaxShortLength, normalise_postal_code);
  }
  return z;
}

void read_method_rates(const JsonReader& mr, ShippingMethod& m) {
  if (auto list = mr.optional_field("weight_rates")) {
    for (const JsonReader& br : list->items(0, kMaxBrackets)) {
      br.expect_only({"max_weight_g", "price"});
      WeightBracket b;
      JsonReader max_weight = br.field("max_weight_g");
      b.max_weight_g = max_weight.as_int(0, kMaxWeightG);
      if (!m.weight_rates.empty() && b.max_weight_g <= m.weight_rates.back().max_weight_g) {
        fail(err::invalid_value, "Weight brackets must ascend strictly by max_weight_g.", max_weight.path());
      }
      b.price = br.field("price").as_int(0, kMaxMoney);
      m.weight_rates.push_back(b);
    }
  }
  if (auto list = mr.optional_field("subtotal_rates")) {
    for (const JsonReader& br : list->items(0, kMaxBrackets)) {
      br.expect_only({"min_subtotal", "price"});
      SubtotalBracket b;
      JsonReader min_subtotal = br.field("min_subtotal");
      b.min_subtotal = min_subtotal.as_int(0, kMaxMoney);
      if (m.subtotal_rates.empty() && b.min_subtotal != 0) {
        fail(err::invalid_value, "The first subtotal bracket must start at min_subtotal 0.", min_subtotal.path());
      }
      if (!m.subtotal_rates.empty() && b.min_subtotal <= m.subtotal_rates.back().min_subtotal) {
        fail(err::invalid_value, "Subtotal brackets must ascend strictly by min_subtotal.", min_subtotal.path());
      }
      b.price = br.field("price").as_int(0, kMaxMoney);
      m.subtotal_rates.push_back(b);
    }
  }
  if (m.weight_rates.empty() && m.subtotal_rates.empty()) {
    fail(err::missing_field, "A shipping method needs weight_rates or subtotal_rates.", mr.child_path("weight_rates"));
  }
}

void read_methods(const JsonReader& shipping, Catalog& c) {
  auto list = shipping.optional_field("methods");
  if (!list) return;
  UniqueIds ids("Shipping method id");
  for (const JsonReader& mr : list->items(0, kMaxShippingMethods)) {
    mr.expect_only({"id", "name", "warehouse", "zones", "weight_rates", "subtotal_rates", "free_over", "transit_days",
                    "tax_category"});
    ShippingMethod m;
    JsonReader id = mr.field("id");
    m.id = id.as_string(kMaxIdLength);
    ids.add(m.id, id.path());
    m.name = mr.field("name").as_string(kMaxNameLength);
    JsonReader warehouse = mr.field("warehouse");
    m.warehouse_id = warehouse.as_string(kMaxIdLength);
    auto wh = c.warehouse_by_id.find(m.warehouse_id);
    if (wh == c.warehouse_by_id.end()) {
      fail(err::invalid_value, "Unknown warehouse \"" + m.warehouse_id + "\": it is not in shipping.warehouses.",
           warehouse.path());
    }
    m.warehouse_index = wh->second;
    for (const JsonReader& zr : mr.field("zones").items(1, kMaxListItems)) m.zones.push_back(read_zone(zr));
    read_method_rates(mr, m);
    if (auto f = mr.optional_field("free_over")) m.free_over = f->as_int(0, kMaxMoney);
    JsonReader transit = mr.field("transit_days");
    transit.expect_only({"min", "max"});
    m.transit_days_min = transit.field("min").as_int32(0, kMaxDays);
    JsonReader transit_max = transit.field("max");
    m.transit_days_max = transit_max.as_int32(0, kMaxDays);
    if (m.transit_days_max < m.transit_days_min) {
      fail(err::invalid_value, "transit_days max must be at least min.", transit_max.path());
    }
    m.tax_category = tax_category_or(mr, "tax_category", TaxCategory::Standard);
    c.shipping_methods.push_back(std::move(m));
  }
  std::stable_sort(c.shipping_methods.begin(), c.shipping_methods.end(),
                   [](const ShippingMethod& a, const ShippingMethod& b) { return a.id < b.id; });
  for (size_t i = 0; i < c.shipping_methods.size(); ++i) {
    c.shipping_method_by_id.emplace(c.shipping_methods[i].id, static_cast<int32_t>(i));
  }
}

void read_shipping(const JsonReader& root, Catalog& c) {
  auto shipping = root.optional_field("shipping");
  if (!shipping) return;
  shipping->expect_only({"calendar", "warehouses", "methods"});
  read_calendar(*shipping, c);
  read_warehouses(*shipping, c);
  read_methods(*shipping, c);
}

WeeklyHours read_hours(const JsonReader& hr) {
  hr.expect_only({"sun", "mon", "tue", "wed", "thu", "fri", "sat"});
  WeeklyHours hours;
  for (size_t d = 0; d < 7; ++d) {
    auto day = hr.optional_field(kDayNames[d]);
    if (!day) continue;
    std::vector<std::pair<int32_t, int32_t>>& intervals = hours[d];
    for (const JsonReader& ir : day->items(0, kMaxIntervalsPerDay)) {
      if (ir.json().is_array() && ir.json().size() != 2) {
        fail(err::invalid_value, "An opening interval is [\"HH:MM\", \"HH:MM\"] (open, close).", ir.path());
      }
      std::vector<JsonReader> ends = ir.items(2, 2);
      int32_t open = ends[0].as_time_of_day();
      int32_t close = ends[1].as_time_of_day();
      if (close <= open) {
        fail(err::invalid_value,
             "The closing time must be after the opening time (split overnight hours over two days).", ends[1].path());
      }
      intervals.emplace_back(open, close);
    }
    // (open, close) pairs compare totally; equal pairs overlap and are rejected below.
    std::sort(intervals.begin(), intervals.end());
    for (size_t i = 1; i < intervals.size(); ++i) {
      if (intervals[i].first < intervals[i - 1].second) {
        fail(err::invalid_value, std::string("Opening intervals on \"") + kDayNames[d] + "\" overlap.", day->path());
      }
    }
  }
  return hours;
}

// A store's phone as shoppers dial it from anywhere: "+", the country code and
// number (E.164: 8 to 15 digits, the first not 0), digit groups separated by
// single spaces or hyphens for reading ("+1 212 555 0100").
std::string read_phone(const JsonReader& f) {
  std::string phone = f.as_string(kMaxPhoneLength);
  int32_t digits = 0;
  bool ok = phone.size() >= 2 && phone[0] == '+' && phone[1] >= '1' && phone[1] <= '9';
  for (size_t i = 1; ok && i < phone.size(); ++i) {
    const char c = phone[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else {
      // A separator sits between two digits.
      ok = (c == ' ' || c == '-') && i + 1 < phone.size() && phone[i - 1] >= '0' && phone[i - 1] <= '9' &&
           phone[i + 1] >= '0' && phone[i + 1] <= '9';
    }
  }
  if (!ok || digits < 8 || digits > 15) {
    fail(err::invalid_value, "phone must be an international number: \"+\", country code and 8-15 digits in all, "
         "e.g. \"+1 212 555 0100\".", f.path());
  }
  return phone;
}

void read_stores(const JsonReader& root, Catalog& c) {
  auto list = root.optional_field("stores");
  if (!list) return;
  UniqueIds ids("Store id");
  for (const JsonReader& sr : list->items(0, kMaxStores)) {
    sr.expect_only({"id", "name", "address", "phone", "country", "region", "postal_code", "lat_e6", "lon_e6", "timezone",
                    "hours", "preparation_minutes", "curbside", "safety_stock", "hold_days", "stock"});
    Store s;
    JsonReader id = sr.field("id");
    s.id = id.as_string(kMaxIdLength);
    ids.add(s.id, id.path());
    s.name = sr.field("name").as_string(kMaxNameLength);
    s.address = sr.text_or("address", kMaxNameLength);
    if (auto f = sr.optional_field("phone")) s.phone = read_phone(*f);
    s.country = sr.field("country").as_country();
    if (auto f = sr.optional_field("region")) s.region = f->as_string(kMaxShortLength);
    if (auto f = sr.optional_field("postal_code")) s.postal_code = f->as_string(kMaxShortLength);
    s.location = read_point(sr);
    s.tz = read_timezone(sr.field("timezone"));
    s.hours = read_hours(sr.field("hours"));
    s.preparation_minutes = sr.int32_or("preparation_minutes", 0, kMaxPreparationMinutes, 0);
    s.curbside = sr.bool_or("curbside", false);
    s.safety_stock = sr.int_or("safety_stock", 0, kMaxStock, 0);
    // Absent: an order waits until it is collected or cancelled. Present: at
    // least a day, or every order would lapse the moment it is ready.
    if (auto f = sr.optional_field("hold_days")) s.hold_days = f->as_int32(1, kMaxHoldDays);
    c.stores.push_back(std::move(s));
  }
  std::stable_sort(c.stores.begin(), c.stores.end(), [](const Store& a, const Store& b) { return a.id < b.id; });
  for (size_t i = 0; i < c.stores.size(); ++i) c.store_by_id.emplace(c.stores[i].id, static_cast<int32_t>(i));
}

void read_postal_codes(const JsonReader& root, Catalog& c) {
  auto list = root.optional_field("postal_codes");
  if (!list) return;
  for (const JsonReader& pr : list->items(0, kMaxPostalCodes)) {
    pr.expect_only({"country", "postal_code", "lat_e6", "lon_e6"});
    std::string country = pr.field("country").as_country();
    JsonReader postal = pr.field("postal_code");
    std::string key = postal_code_key(country, postal.as_string(kMaxShortLength));
    if (key.size() == country.size() + 1) fail(err::invalid_value, "postal_code must not be blank.", postal.path());
    GeoPoint point = read_point(pr);
    if (!c.postal_codes.emplace(key, point).second) {
      fail(err::duplicate_id, "Postal code " + key + " is listed more than once.", postal.path());
    }
  }
}

// The compact form of a location's stock: units in the catalog's SKU order
// (products, then their variants, as listed), null for a SKU the location
// does not list; SKUs past the array's end are not listed either.
void read_compact_stock(const JsonReader& list, const Catalog& c, std::map<std::string, int64_t>& stock) {
  const std::vector<JsonReader> units = list.items(0, c.variants.size());
  for (size_t i = 0; i < units.size(); ++i) {
    if (units[i].json().is_null()) continue;
    stock.emplace(c.variants[i].sku, units[i].as_int(0, kMaxStock));
  }
}

// Stock is most of a catalog (every SKU at every location), so this loop
// skips what the generic reader costs per value: a JSON Pointer string per
// entry (built here only for an error) and a map lookup per SKU (both lists
// are sorted the same way, so one merge walk checks them all). Errors are
// exactly the generic reader's.
std::map<std::string, int64_t> read_stock_map(const JsonReader& owner, const Catalog& c) {
  std::map<std::string, int64_t> stock;
  auto f = owner.optional_field("stock");
  if (!f) return stock;
  if (f->json().is_array()) {
    read_compact_stock(*f, c, stock);
    return stock;
  }
  if (!f->json().is_object()) {
    fail(err::wrong_type,
         "stock must be an object {sku: units} or an array of units in the catalog's SKU order.", f->path());
  }
  if (f->json().size() > c.variants.size()) f->entries(c.variants.size());  // throws "too_many"
  auto known = c.variant_by_sku.begin();
  for (const auto& item : f->json().items()) {
    const std::string& sku = item.key();
    while (known != c.variant_by_sku.end() && known->first < sku) ++known;
    if (known == c.variant_by_sku.end() || known->first != sku) {
      fail(err::unknown_sku, "Stock is listed for SKU \"" + sku + "\", which is not in the catalog.",
           f->child_path(sku));
    }
    const Json& units = item.value();
    int64_t value;
    if (units.is_number_unsigned() && units.get<uint64_t>() <= static_cast<uint64_t>(kMaxStock)) {
      value = static_cast<int64_t>(units.get<uint64_t>());
    } else if (units.is_number_integer() && !units.is_number_unsigned() && units.get<int64_t>() >= 0 &&
               units.get<int64_t>() <= kMaxStock) {
      value = units.get<int64_t>();
    } else {
      value = JsonReader(units, f->child_path(sku)).as_int(0, kMaxStock);  // the error, with its path
    }
    stock.emplace_hint(stock.end(), sku, value);
  }
  return stock;
}

// A location's stock as catalog_direct.cpp read it, under the rules of
// read_stock_map. Errors here carry no path: the catalog then goes to the
// DOM loader, which reports them. Levels go into the map in SKU order (each
// insertion at its end, no comparisons), SKU strings moved, not copied.
std::map<std::string, int64_t> direct_stock_map(DirectStock& d, const Catalog& c) {
  std::map<std::string, int64_t> stock;
  if (!d.present) return stock;
  auto units_of = [](uint64_t units) {
    if (units > static_cast<uint64_t>(kMaxStock)) fail(err::invalid_value, "stock units", "");
    return static_cast<int64_t>(units);
  };
  if (d.compact) {
    if (d.units.size() > c.variants.size()) fail(err::too_many, "stock", "");
    for (const auto& [sku, index] : c.variant_by_sku) {  // SKU order
      const size_t i = static_cast<size_t>(index);
      if (i < d.units.size() && d.units[i] != DirectStock::kNotListed) {
        stock.emplace_hint(stock.end(), sku, units_of(d.units[i]));
      }
    }
    return stock;
  }
  if (d.entries.size() > c.variants.size()) fail(err::too_many, "stock", "");
  auto by_sku = [](const auto& a, const auto& b) { return a.first < b.first; };
  if (!std::is_sorted(d.entries.begin(), d.entries.end(), by_sku)) {
    std::sort(d.entries.begin(), d.entries.end(), by_sku);
  }
  auto known = c.variant_by_sku.begin();  // one merge walk, as read_stock_map
  for (auto& [sku, units] : d.entries) {
    while (known != c.variant_by_sku.end() && known->first < sku) ++known;
    if (known == c.variant_by_sku.end() || known->first != sku) fail(err::unknown_sku, "stock", "");
    if (!stock.empty() && std::prev(stock.end())->first == sku) fail(err::duplicate_key, "stock", "");
    stock.emplace_hint(stock.end(), std::move(sku), units_of(units));
  }
  return stock;
}

}  // namespace

std::string postal_code_key(const std::string& country, const std::string& postal_code) {
  return country + ":" + normalise_postal_code(postal_code);
}

const GeoPoint* find_postal_code(const Catalog& catalog, const std::string& country, std::string_view postal_code) {
  std::string key = country + ":" + normalise_postal_code(postal_code);
  const size_t shortest = country.size() + 2;  // at least one character of the code
  while (key.size() >= shortest) {
    auto it = catalog.postal_codes.find(key);
    if (it != catalog.postal_codes.end()) return &it->second;
    key.pop_back();
  }
  return nullptr;
}

Catalog load_catalog(const Json& catalog_json, const std::string& path, const DirectParts* direct) {
  JsonReader root(catalog_json, path);
  root.expect_only({"merchant", "version", "locale", "currency", "prices_include_tax", "rounding", "products", "promotions",
                    "tax_rules", "shipping", "stores", "postal_codes", "returns"});
  Catalog c;
  c.merchant = root.text_or("merchant", kMaxNameLength);
  c.version = root.text_or("version", kMaxIdLength);
  c.locale = root.text_or("locale", kMaxShortLength);
  JsonReader currency = root.field("currency");
  c.currency = currency.as_string(kMaxShortLength);
  std::optional<int32_t> exponent = currency_exponent(c.currency);
  if (!exponent) {
    fail(err::unknown_currency, "Currency \"" + c.currency + "\" is not an ISO 4217 code this checkout knows.",
         currency.path());
  }
  c.exponent = *exponent;
  c.prices_include_tax = root.bool_or("prices_include_tax", false);
  read_rounding(root, c);
  read_products(root, c, direct);
  read_promotions(root, c);
  read_tax_rules(root, c);
  read_shipping(root, c);
  read_stores(root, c);
  read_postal_codes(root, c);
  c.returns = read_return_policy(root);
  return c;
}

StockLevels load_stock(const Json& catalog_json, const Catalog& catalog, const std::string& path,
                       DirectParts* direct) {
  JsonReader root(catalog_json, path);
  StockLevels levels;
  levels.stores.resize(catalog.stores.size());
  levels.warehouses.resize(catalog.warehouses.size());
  if (auto stores = root.optional_field("stores")) {
    const std::vector<JsonReader> list = stores->items(0, kMaxStores);
    for (size_t i = 0; i < list.size(); ++i) {
      JsonReader id = list[i].field("id");
      auto it = catalog.store_by_id.find(id.as_string(kMaxIdLength));
      if (it == catalog.store_by_id.end()) {
        fail(err::unknown_store, "Stock is given for a store not in the catalog.", id.path());
      }
      levels.stores[static_cast<size_t>(it->second)] =
          direct ? direct_stock_map(direct->store_stock.at(i), catalog) : read_stock_map(list[i], catalog);
    }
  }
  if (auto shipping = root.optional_field("shipping")) {
    if (auto warehouses = shipping->optional_field("warehouses")) {
      const std::vector<JsonReader> list = warehouses->items(0, kMaxWarehouses);
      for (size_t i = 0; i < list.size(); ++i) {
        JsonReader id = list[i].field("id");
        auto it = catalog.warehouse_by_id.find(id.as_string(kMaxIdLength));
        if (it == catalog.warehouse_by_id.end()) {
          fail(err::invalid_value, "Stock is given for a warehouse not in the catalog.", id.path());
        }
        levels.warehouses[static_cast<size_t>(it->second)] =
            direct ? direct_stock_map(direct->warehouse_stock.at(i), catalog) : read_stock_map(list[i], catalog);
      }
    }
  }
  return levels;
}

}  // namespace checkout
