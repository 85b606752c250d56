// The engine's inputs as plain structs, after validation by the loaders
// (catalog_loader.h, request_loader.h). Everything downstream may assume the
// invariants noted here: the loaders reject input that breaks them.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "business_calendar.h"
#include "geo.h"
#include "location_stock.h"
#include "money.h"
#include "timezone.h"

namespace checkout {

// SecondReduced: a country's second reduced rate (Poland: 23 % standard, 8 % reduced, 5 %).
enum class TaxCategory : uint8_t { Standard, Reduced, SecondReduced, Zero, Exempt };
enum class TaxCalculation : uint8_t { PerUnit, PerLine, PerOrder };

struct Variant {
  std::string sku;        // unique across the catalog
  std::string title;      // variant title, e.g. "Red / M"
  int64_t price = 0;      // per unit, minor units, >= 0; tax-inclusive iff Catalog::prices_include_tax
  std::optional<int64_t> compare_at_price;
  int64_t weight_g = 0;   // >= 0
  TaxCategory tax_category = TaxCategory::Standard;
  bool pickup_eligible = true;
  int64_t max_per_order = 0;  // 0 = no per-order limit
  // Flash-sale caps (units per customer / per client address per window);
  // pricing ignores them, the server counts them. 0 = no such cap.
  int64_t purchase_limit_per_customer = 0, purchase_limit_per_client = 0;
  int64_t purchase_limit_window_s = 0;  // 0 = no purchase_limit
  int32_t product_index = 0;  // into Catalog::products
};

struct Product {
  std::string id;
  std::string title;
  std::string description;
  std::string image;                    // URL or path, display only
  std::vector<std::string> categories;  // sorted, unique
  std::vector<int32_t> variant_indices; // into Catalog::variants
};

// Which cart lines a promotion looks at. All lists empty = every line.
// Otherwise a line matches if its sku, its product id or any of its
// categories is listed.
struct Target {
  std::vector<std::string> skus, product_ids, categories;  // each sorted, unique
  bool all() const { return skus.empty() && product_ids.empty() && categories.empty(); }
};

enum class EffectType : uint8_t { PercentOff, AmountOff, FixedPrice, BuyXGetY, Tiered, FreeShipping };
enum class TierBasis : uint8_t { Subtotal, Quantity };

struct Tier {
  int64_t threshold = 0;           // minor units (Subtotal basis) or units (Quantity basis)
  std::optional<Rate> percent;     // exactly one of percent / amount
  std::optional<int64_t> amount;
};

struct Effect {
  EffectType type = EffectType::PercentOff;
  Rate percent;                 // PercentOff; BuyXGetY: off the "get" units (100% = free)
  int64_t amount = 0;           // AmountOff
  bool per_unit = false;        // AmountOff: off each targeted unit, not once over the targeted lines
  int64_t price = 0;            // FixedPrice: each targeted unit costs this much
  int32_t buy = 0, get = 0;     // BuyXGetY, both >= 1
  int32_t max_applications = 0; // BuyXGetY: 0 = unlimited
  TierBasis tier_basis = TierBasis::Subtotal;
  std::vector<Tier> tiers;      // Tiered: strictly ascending thresholds
  std::vector<std::string> shipping_methods;    // FreeShipping: method ids (empty = all)
  std::vector<std::string> shipping_countries;  // FreeShipping: ISO countries (empty = all)
};

struct Promotion {
  std::string id;                  // unique
  std::string title;
  std::vector<std::string> codes;  // upper-cased; empty = automatic promotion
  int32_t priority = 0;            // lower applies first; ties by id
  bool exclusive = false;          // combines with no other promotion
  bool stop_further = false;       // no promotion after this one is considered
  std::optional<int64_t> valid_from, valid_until;  // unix seconds, [from, until)
  std::vector<std::string> channels;         // empty = every channel
  std::vector<std::string> customer_groups;  // empty = every customer
  std::optional<int64_t> usage_limit;        // declared here, enforced by the server
  std::optional<int64_t> usage_limit_per_customer;
  int64_t min_subtotal = 0;        // of the targeted lines, after earlier promotions
  int64_t min_quantity = 0;        // units among the targeted lines
  Target target;
  Effect effect;
};

struct TaxRule {
  std::string id;                  // unique
  std::string name;                // shown on the tax line, e.g. "NY sales tax"
  std::string country;             // ISO 3166-1 alpha-2
  std::string region;              // empty = whole country
  std::string postal_prefix;       // empty = any postal code
  Rate standard;
  Rate reduced;                    // defaults to `standard` when not given
  Rate second_reduced;             // defaults to `reduced` when not given
  bool shipping_taxable = false;
};

struct Zone {
  std::string country;
  std::vector<std::string> regions;          // empty = whole country
  std::vector<std::string> postal_prefixes;  // empty = any
};

struct WeightBracket { int64_t max_weight_g = 0; int64_t price = 0; };   // ascending max_weight_g
struct SubtotalBracket { int64_t min_subtotal = 0; int64_t price = 0; }; // ascending min_subtotal, first is 0

struct ShippingMethod {
  std::string id;                  // unique
  std::string name;
  std::string warehouse_id;
  int32_t warehouse_index = 0;
  std::vector<Zone> zones;
  // Price = weight bracket price (if any weight brackets) + subtotal bracket
  // price (if any subtotal brackets). A shipped weight above the last weight
  // bracket makes the method unavailable. At least one list is non-empty.
  std::vector<WeightBracket> weight_rates;
  std::vector<SubtotalBracket> subtotal_rates;
  std::optional<int64_t> free_over;  // free when the discounted shipped subtotal >= this
  int32_t transit_days_min = 0, transit_days_max = 0;  // business days, min <= max
  TaxCategory tax_category = TaxCategory::Standard;
};

struct Warehouse {
  std::string id;
  TimeZone tz;
  int32_t cutoff_minutes = 14 * 60;  // orders before this local time leave today
  int32_t handling_days = 0;         // business days between order and dispatch
};

// Opening intervals per weekday in local minutes [open, close), [0] = Sunday;
// sorted, non-overlapping, 0 <= open < close <= 1440.
using WeeklyHours = std::array<std::vector<std::pair<int32_t, int32_t>>, 7>;

struct Store {
  std::string id;  // unique
  std::string name;
  std::string address;
  std::string phone;  // "" or international form: "+1 212 555 0100"
  std::string country, region, postal_code;  // also the tax jurisdiction of pickup lines
  GeoPoint location{0, 0};
  TimeZone tz;
  WeeklyHours hours;
  int32_t preparation_minutes = 0;
  bool curbside = false;
  int64_t safety_stock = 0;  // units per SKU held back from online pickup
  int32_t hold_days = 0;     // days a ready pickup order waits before it lapses; 0 = until collected
};

// Stock is kept apart from the catalog so a server can swap in live levels
// without reloading prices (Engine::with_stock_levels).
struct StockLevels {
  std::vector<LocationStock> stores;      // [store index]
  std::vector<LocationStock> warehouses;  // [warehouse index]
};

// The merchant's return policy (catalog "returns"; docs/pricing/returns.md).
enum class ShippingRefund : uint8_t { WhenAllReturned, Never };
enum class BrokenPromotions : uint8_t { Keep, TakeBack };
enum class ReturnCondition : uint8_t { Sellable, Damaged };

struct ReturnPolicy {
  int32_t window_days = 30;  // from the order's placed_at; 0 = no returns
  ShippingRefund shipping = ShippingRefund::WhenAllReturned;
  BrokenPromotions broken_promotions = BrokenPromotions::Keep;
  Rate restocking_fee;  // of each returned unit's net; 0 = none
  bool fee_on_sellable = true, fee_on_damaged = false;
};

struct Catalog {
  std::string merchant;     // display name
  std::string version;      // merchant-chosen label, echoed in the quote
  std::string locale;       // the shop page's language (BCP 47); the core never reads it
  std::string currency;     // ISO-4217
  int32_t exponent = 2;
  bool prices_include_tax = false;
  RoundingMode rounding = RoundingMode::HalfEven;
  TaxCalculation tax_calculation = TaxCalculation::PerLine;
  std::vector<Product> products;
  std::vector<Variant> variants;
  std::map<std::string, int32_t> variant_by_sku;
  std::vector<Promotion> promotions;  // sorted by (priority, id)
  std::vector<TaxRule> tax_rules;
  BusinessCalendar calendar;
  std::vector<Warehouse> warehouses;
  std::map<std::string, int32_t> warehouse_by_id;
  std::vector<ShippingMethod> shipping_methods;  // sorted by id
  std::map<std::string, int32_t> shipping_method_by_id;
  std::vector<Store> stores;  // sorted by id
  std::map<std::string, int32_t> store_by_id;
  std::map<std::string, GeoPoint> postal_codes;  // "US:10001" -> centroid, for store search by postal code
  ReturnPolicy returns;
};

enum class Fulfilment : uint8_t { Ship, Pickup };

struct CartLine {
  std::string sku;
  int64_t quantity = 0;            // 1 .. kMaxQuantity, and <= max_per_order
  Fulfilment fulfilment = Fulfilment::Ship;
  std::string store_id;            // Pickup only
  int32_t variant_index = 0;
  int32_t store_index = -1;        // Pickup only
};

constexpr int64_t kMaxQuantity = 1'000'000;
constexpr size_t kMaxLines = 5'000;
constexpr size_t kMaxCoupons = 20;

struct Cart {
  std::vector<CartLine> lines;            // 0 .. kMaxLines
  std::vector<std::string> coupons;       // as entered, trimmed; matched case-insensitively
  std::optional<std::string> shipping_method;
  std::optional<std::string> currency;    // checked against the catalog's by the loader
};

struct Destination {
  std::string country;      // ISO 3166-1 alpha-2, upper case
  std::string region;       // e.g. "NY", may be empty
  std::string postal_code;  // normalised (identifiers.h: "sw1a 1aa" -> "SW1A1AA"); may be empty
};

struct Context {
  int64_t now = 0;                      // unix seconds, UTC
  std::string channel = "web";          // web | app | store | phone | ... (normalise_label form)
  std::optional<Destination> destination;
  std::optional<GeoPoint> location;     // from coordinates or a known postal code
  std::string customer_group;           // normalise_label form; empty = none
  int32_t max_pickup_stores = 10;       // nearest stores listed in pickup options
  // Promotions whose usage limit is used up (sorted, unique). Only the server
  // knows usage counts; it sets this, and the core rejects their codes with
  // reason "usage_limit_reached", so both sides explain the same way.
  std::vector<std::string> exhausted_promotions;
};

}  // namespace checkout
