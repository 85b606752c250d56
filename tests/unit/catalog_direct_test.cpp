// The direct catalog loader (catalog_direct.cpp) against the DOM loader it
// stands in for (parse_json_strict + load_catalog + load_stock, kept as the
// reference and as the reporter of every error): each catalog here, valid
// or not, must come out of Engine::load(text) exactly as out of the DOM
// loader (the same error, or the same model), and the direct loader must
// decline every catalog the DOM loader refuses. Invalid catalogs: the golden
// vectors' (their checked-in errors), the unit tests' (catalog_loader_test.cpp
// runs each through both), and mutations of valid ones generated here.
#include "catalog_direct.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "catalog_loader.h"
#include "checkout/engine.h"
#include "error.h"
#include "json_strict.h"

namespace checkout {
namespace {

// tests/ from ADDRESS_CASES (tests/address/cases.json), which the native and
// the wasm unit builds both define.
std::string tests_dir() {
  const std::string cases = ADDRESS_CASES;
  return cases.substr(0, cases.size() - std::string("address/cases.json").size());
}
const std::string kDemoCatalog = tests_dir() + "../server-stub/data/demo/catalog.json";
const std::string kGoldenDir = tests_dir() + "golden";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Everything the loaders put in the model that the direct loader reads
// itself or hands on, in a comparable text.
std::string describe(const Catalog& c, const StockLevels& s) {
  std::ostringstream o;
  o << c.merchant << '|' << c.version << '|' << c.locale << '|' << c.currency << '|' << c.exponent << '|'
    << c.prices_include_tax << '\n';
  for (const Product& p : c.products) {
    o << "P " << p.id << '|' << p.title << '|' << p.description << '|' << p.image << '|';
    for (const std::string& cat : p.categories) o << cat << ',';
    for (int32_t i : p.variant_indices) o << i << ',';
    o << '\n';
  }
  for (const Variant& v : c.variants) {
    o << "V " << v.sku << '|' << v.title << '|' << v.price << '|' << (v.compare_at_price ? *v.compare_at_price : -1)
      << '|' << v.weight_g << '|' << static_cast<int32_t>(v.tax_category) << '|' << v.pickup_eligible << '|'
      << v.max_per_order << '|' << v.purchase_limit_per_customer << '|' << v.purchase_limit_per_client << '|'
      << v.purchase_limit_window_s << '|' << v.product_index << '\n';
  }
  for (const auto& [sku, index] : c.variant_by_sku) o << "K " << sku << '=' << index << '\n';
  for (const Promotion& p : c.promotions) o << "R " << p.id << '\n';
  for (const Warehouse& w : c.warehouses) o << "W " << w.id << '\n';
  for (const ShippingMethod& m : c.shipping_methods) o << "M " << m.id << '\n';
  for (const Store& st : c.stores) o << "S " << st.id << '|' << st.name << '|' << st.safety_stock << '\n';
  o << "T " << c.tax_rules.size() << " Z " << c.postal_codes.size() << '\n';
  auto levels = [&](const char* kind, const std::vector<LocationStock>& locations) {
    for (size_t i = 0; i < locations.size(); ++i) {
      o << kind << i << ':';
      for (const Variant& v : c.variants) o << locations[i].on_hand(v.sku) << ',';
      o << '\n';
    }
  };
  levels("stock store ", s.stores);
  levels("stock warehouse ", s.warehouses);
  return o.str();
}

struct Outcome {
  bool ok = false;
  Error error;
  std::string model;
};

// The reference: the DOM loader.
Outcome dom_load(const std::string& text, const std::string& path) {
  Outcome out;
  try {
    Json doc;
    try {
      doc = parse_json_strict(text);
    } catch (const InputError& e) {
      throw InputError(Error{e.error().code, e.error().message, path + e.error().path});
    }
    Catalog c = load_catalog(doc, path);
    StockLevels s = load_stock(doc, c, path);
    out.ok = true;
    out.model = describe(c, s);
  } catch (const InputError& e) {
    out.error = e.error();
  }
  return out;
}

// What Engine::load(text) does, and whether the direct loader took it.
Outcome engine_load(const std::string& text, const std::string& path, bool& direct) {
  direct = load_catalog_direct(text, path).has_value();
  Outcome out;
  Result<Engine> e = Engine::load(std::string_view(text), path);
  out.ok = e.ok();
  if (e.ok()) {
    out.model = describe(e.value().catalog(), e.value().stock());
  } else {
    out.error = e.error();
  }
  return out;
}

// Both loaders agree on `text`; returns whether it loaded.
bool expect_same(const std::string& text, const std::string& what, const std::string& path = "") {
  const Outcome want = dom_load(text, path);
  bool direct = false;
  const Outcome got = engine_load(text, path, direct);
  EXPECT_EQ(got.ok, want.ok) << what << ": " << (want.ok ? got.error.message : want.error.message);
  if (want.ok) {
    EXPECT_EQ(got.model, want.model) << what;
  } else {
    EXPECT_FALSE(direct) << what << ": the direct loader accepted what the DOM loader refuses ("
                         << want.error.code << " at " << want.error.path << ")";
    EXPECT_EQ(got.error.code, want.error.code) << what;
    EXPECT_EQ(got.error.message, want.error.message) << what;
    EXPECT_EQ(got.error.path, want.error.path) << what;
  }
  return want.ok;
}

// `catalog` with every compact stock written as {sku: units} (the SKU order
// spelled out here, as docs/formats.md "stock" defines it).
Json with_object_stock(Json catalog) {
  std::vector<std::string> skus;
  for (const Json& p : catalog["products"]) {
    for (const Json& v : p["variants"]) skus.push_back(v["sku"].get<std::string>());
  }
  auto convert = [&](Json& location) {
    if (!location.contains("stock") || !location["stock"].is_array()) return;
    Json object = Json::object();
    for (size_t i = 0; i < location["stock"].size(); ++i) {
      if (!location["stock"][i].is_null()) object[skus.at(i)] = location["stock"][i];
    }
    location["stock"] = object;
  };
  for (Json& s : catalog["stores"]) convert(s);
  for (Json& w : catalog["shipping"]["warehouses"]) convert(w);
  return catalog;
}

const char* kSmall = R"({
  "currency": "USD",
  "products": [
    {"id": "tee", "title": "Tee", "tax_category": "reduced",
     "variants": [{"sku": "TEE-M", "title": "M", "price": 1999, "compare_at_price": 2500, "weight_g": 200},
                  {"sku": "TEE-L", "price": 2099, "tax_category": "standard", "pickup_eligible": false,
                   "max_per_order": 3, "purchase_limit": {"per_customer": 2, "window_hours": 24}}]},
    {"variants": [{"sku": "MUG", "price": 900}], "id": "mug", "title": "Mug"}
  ],
  "shipping": {
    "warehouses": [{"id": "nj", "timezone": "EST5EDT,M3.2.0,M11.1.0", "stock": {"TEE-M": 5, "MUG": 0}}],
    "methods": [{"id": "standard", "name": "Standard", "warehouse": "nj", "zones": [{"country": "US"}],
                 "subtotal_rates": [{"min_subtotal": 0, "price": 599}], "transit_days": {"min": 3, "max": 5}}]
  },
  "stores": [{"id": "soho", "name": "SoHo", "country": "US", "lat_e6": 40723000, "lon_e6": -74000000,
              "timezone": "EST5EDT,M3.2.0,M11.1.0", "hours": {"mon": [["09:00", "21:00"]]},
              "stock": [3, null, 7]},
             {"id": "alpha", "name": "Alpha", "country": "US", "lat_e6": 0, "lon_e6": 0,
              "timezone": "UTC0", "hours": {}, "stock": {"MUG": 1}}]
})";

TEST(CatalogDirect, ReadsValidCatalogsAsTheDomLoaderDoes) {
  ASSERT_TRUE(load_catalog_direct(kSmall, "").has_value());
  EXPECT_TRUE(expect_same(kSmall, "small"));
  EXPECT_TRUE(expect_same(kSmall, "small at /catalog", "/catalog"));
  const std::string demo = read_file(kDemoCatalog);
  ASSERT_FALSE(demo.empty());
  ASSERT_TRUE(load_catalog_direct(demo, "").has_value()) << "the demo catalog is read without the DOM";
  EXPECT_TRUE(expect_same(demo, "demo"));
  const std::string objects = with_object_stock(Json::parse(demo)).dump();
  ASSERT_TRUE(load_catalog_direct(objects, "").has_value());
  EXPECT_TRUE(expect_same(objects, "demo, stock as {sku: units}"));
}

TEST(CatalogDirect, CompactStockMeansWhatTheObjectFormSays) {
  // soho: [3, null, 7] in SKU order TEE-M, TEE-L, MUG (as listed).
  Result<Engine> e = Engine::load(kSmall);
  ASSERT_TRUE(e.ok()) << e.error().message;
  const Catalog& c = e.value().catalog();
  const LocationStock& soho = e.value().stock().stores[static_cast<size_t>(c.store_by_id.at("soho"))];
  EXPECT_EQ(soho.on_hand("TEE-M"), 3);
  EXPECT_EQ(soho.on_hand("TEE-L"), 0);
  EXPECT_EQ(soho.on_hand("MUG"), 7);
  // A live change lands in a compact location too.
  Result<Engine> changed = e.value().with_store_stock("soho", "TEE-L", 4);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed.value().stock().stores[static_cast<size_t>(c.store_by_id.at("soho"))].on_hand("TEE-L"), 4);
}

bool has_float(const Json& j) {
  if (j.is_number_float()) return true;
  if (j.is_structured()) {
    for (const Json& item : j) {
      if (has_float(item)) return true;
    }
  }
  return false;
}

// The golden vectors' catalogs, alone at "/catalog": the same outcome both
// ways, and for the vectors whose checked-in error is the catalog's, that error.
TEST(CatalogDirect, GoldenCatalogsAndTheirCheckedInErrors) {
  int32_t catalogs = 0, errors = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kGoldenDir)) {
    if (entry.path().extension() != ".json") continue;
    const Json vector = Json::parse(read_file(entry.path().string()));
    if (!vector.contains("request") || !vector["request"].is_object() || !vector["request"].contains("catalog")) continue;
    const std::string text = vector["request"]["catalog"].dump();
    ++catalogs;
    const bool loads = expect_same(text, entry.path().filename().string(), "/catalog");
    const Json& expected = vector["expected"];
    if (expected.is_object() && expected.contains("error")) {
      const std::string path = expected["error"]["path"].get<std::string>();
      // A vector whose catalog holds an integer beyond 64 bits (error_overflow_integer_literal)
      // is not this text (the test's parse made it a float): its error is the request parser's.
      if (path.rfind("/catalog", 0) == 0 && !loads && !has_float(vector["request"]["catalog"])) {
        ++errors;
        bool direct = false;
        const Outcome got = engine_load(text, "/catalog", direct);
        EXPECT_EQ(got.error.code, expected["error"]["code"].get<std::string>()) << entry.path();
        EXPECT_EQ(got.error.path, path) << entry.path();
        EXPECT_EQ(got.error.message, expected["error"]["message"].get<std::string>()) << entry.path();
      }
    }
  }
  EXPECT_GT(catalogs, 50);
  EXPECT_GT(errors, 0);
}

// Every value the direct loader reads itself, replaced by each of these.
const char* kReplacements[] = {"-1", "-0", "0", "1.5", "1e3", "\"x\"", "\"\"", "null", "true", "[]", "{}", "[1]",
                               "1000000000000", "1000000000001", "1000000000000000", "1000000000000001",
                               "9223372036854775807", "9223372036854775808", "18446744073709551616",
                               "\"TEE-M\"", "\"MUG\"", "\"NOPE\"", "\"\\u0000\"", "\"reduced\"",
                               "{\"per_client\": 1, \"window_hours\": 1}", "[null]", "[1,2,3,4]", "[1,null]"};

// The text of `doc` with the value at `pointer` replaced by raw `value`.
std::string with_raw(const Json& doc, const std::string& pointer, const std::string& value) {
  Json marked = doc;
  marked[Json::json_pointer(pointer)] = "@@MARK@@";
  std::string text = marked.dump();
  const size_t at = text.find("\"@@MARK@@\"");
  return text.replace(at, 10, value);
}

TEST(CatalogDirect, MutatedCatalogsLoadOrFailAsTheDomLoaderSays) {
  const Json small = Json::parse(kSmall);
  std::vector<std::string> pointers = {"/products", "/products/0/variants", "/products/1/variants", "/stores",
                                       "/shipping", "/shipping/warehouses", "/stores/0/stock", "/stores/1/stock",
                                       "/shipping/warehouses/0/stock", "/stores/0/stock/0", "/stores/0/stock/1",
                                       "/stores/1/stock/MUG", "/shipping/warehouses/0/stock/MUG",
                                       "/products/0/variants/0", "/products/1/variants/0"};
  for (std::string_view field : kVariantFields) {
    pointers.push_back("/products/0/variants/1/" + std::string(field));
    pointers.push_back("/products/0/variants/0/" + std::string(field));
  }
  int32_t cases = 0, loaded = 0;
  for (const std::string& pointer : pointers) {
    for (const char* value : kReplacements) {
      const std::string text = with_raw(small, pointer, value);
      loaded += expect_same(text, pointer + " = " + value) ? 1 : 0;
      ++cases;
    }
  }
  // Members removed, and one added where the direct loader reads members.
  for (const std::string& pointer : pointers) {
    Json doc = small;
    const Json::json_pointer p(pointer);
    if (!doc.contains(p)) continue;
    doc[p.parent_pointer()].is_object() ? static_cast<void>(doc[p.parent_pointer()].erase(p.back()))
                                        : static_cast<void>(doc[p.parent_pointer()].erase(std::stoul(p.back())));
    loaded += expect_same(doc.dump(), "without " + pointer) ? 1 : 0;
    ++cases;
  }
  for (const char* owner : {"/products/0/variants/0", "/stores/1/stock", "/shipping/warehouses/0/stock"}) {
    Json doc = small;
    doc[Json::json_pointer(owner)]["ZZZ"] = 1;
    loaded += expect_same(doc.dump(), std::string(owner) + " + ZZZ") ? 1 : 0;
    ++cases;
  }
  // Text the DOM cannot show: a key twice, whitespace, every truncation of a stretch, escapes.
  const std::string text = small.dump();
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    const size_t at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? t : t.replace(at, from.size(), to);
  };
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"\"sku\":\"MUG\"", "\"sku\":\"MUG\",\"sku\":\"MUG2\""},
      {"\"price\":900", "\"price\":900,\"price\":900"},
      {"\"MUG\":1", "\"MUG\":1,\"MUG\":2"},
      {"\"MUG\":1", "\"MUG\":1,\"M\\u0055G\":2"},
      {"\"sku\":\"MUG\"", "\"s\\u006bu\":\"MUG\""},
      {"\"sku\":\"MUG\"", "\"sku\" : \"M\\u00dcG\" "},
      {"[3,null,7]", "[ 3 , null ,7 ]"},
      {"[3,null,7]", "[3,nul,7]"},
      {"[3,null,7]", "[3,,7]"},
      {"[3,null,7]", "[3,null,7,]"},
      {"[3,null,7]", "[03]"},
      {"\"price\":900", "\"price\":9e2"},
      {"\"price\":900", "\"price\":900.0"},
      {"\"price\":900", "\"price\":-900"},
      {"\"stock\":{\"MUG\":1}", "\"stock\":{\"MUG\":1},\"stock\":[1]"},
      {"\"variants\":[", "\"variants\":[],\"variants\":["},
      {"\"products\":[", "\"products\":[],\"products\":["},
  };
  for (const auto& [from, to] : edits) {
    loaded += expect_same(replaced(from, to), from + " -> " + to) ? 1 : 0;
    ++cases;
  }
  for (size_t cut = 0; cut < text.size(); cut += 7) {
    expect_same(text.substr(0, cut), "cut at " + std::to_string(cut));
    ++cases;
  }
  expect_same(text + " ", "trailing space");
  expect_same(text + "x", "trailing byte");
  expect_same(std::string(text).append(1, '\0'), "trailing NUL");
  // Hundreds of cases, some of each kind.
  EXPECT_GT(cases, 1000);
  EXPECT_GT(loaded, 50);
  EXPECT_GT(cases - loaded, 500);
}

// A few mutations of the demo catalog (the direct loader's real input).
TEST(CatalogDirect, MutatedDemoCatalog) {
  const Json demo = Json::parse(read_file(kDemoCatalog));
  const Json objects = with_object_stock(demo);
  for (const char* pointer : {"/products/3/variants/1/price", "/products/200/variants/0/sku", "/stores/4/stock",
                              "/shipping/warehouses/1/stock/0", "/shipping/warehouses/1/stock/1169",
                              "/shipping/warehouses/1/stock/1170"}) {
    for (const char* value : {"-1", "\"NW-ALDE-BACKPA-2-PERSON\"", "null", "[1,2]", "{}", "7"}) {
      expect_same(with_raw(demo, pointer, value), std::string(pointer) + " = " + value);
    }
  }
  for (const char* value : {"-1", "null", "7", "1000000000001"}) {
    expect_same(with_raw(objects, "/shipping/warehouses/1/stock/NW-ALDE-BACKPA-2-PERSON", value),
                std::string("objects: warehouse stock = ") + value);
  }
}

}  // namespace
}  // namespace checkout
