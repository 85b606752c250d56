// Reads a catalog's text with the strict reader's primitives (json_plain_reader.h),
// building the DOM only for the small parts and reading each variant's members
// and each location's stock into DirectParts, then runs the loaders over both
// (catalog_loader.h). See catalog_direct.h for why errors are unchanged.
#include "catalog_direct.h"

#include <cstdint>
#include <utility>

#include "catalog_loader.h"
#include "error.h"
#include "json_plain_reader.h"

namespace checkout {
namespace {

class CatalogText {
 public:
  CatalogText(std::string_view text, int32_t max_depth, DirectParts& parts) : r_(text, max_depth), parts_(parts) {}

  bool document(Json& root) {
    r_.skip_space();
    const bool ok = object(0, root, [&](const std::string& key, Json& slot, int32_t depth) {
      if (key == "products") return products(slot, depth);
      if (key == "stores") return locations(slot, depth, parts_.store_stock);
      if (key == "shipping") {
        return object(depth, slot, [&](const std::string& k, Json& s, int32_t d) {
          return k == "warehouses" ? locations(s, d, parts_.warehouse_stock) : r_.value(s, d);
        });
      }
      return r_.value(slot, depth);
    });
    r_.skip_space();
    return ok && r_.at_end();
  }

 private:
  bool opens(unsigned char bracket, int32_t depth) {
    // As the plain reader: the max_depth + 1st open container declines.
    return !r_.at_end() && r_.peek() == bracket && depth < r_.max_depth() && r_.take(bracket);
  }

  // An object into `out` (keys unique, as the strict parser wants); `member`
  // reads each value into its slot, `depth` being the value's.
  template <class Member>
  bool object(int32_t depth, Json& out, Member member) {
    if (!opens('{', depth)) return false;
    out = Json(Json::value_t::object);
    Json::object_t& members = out.get_ref<Json::object_t&>();
    if (r_.take('}')) return true;
    while (true) {
      std::string key;
      if (!next_key(key)) return false;
      auto inserted = members.try_emplace(std::move(key), nullptr);
      if (!inserted.second) return false;  // a duplicate key
      if (!member(inserted.first->first, inserted.first->second, depth + 1)) return false;
      r_.skip_space();
      if (r_.take(',')) continue;
      return r_.take('}');
    }
  }

  template <class Item>
  bool array(int32_t depth, Item item) {
    if (!opens('[', depth)) return false;
    if (r_.take(']')) return true;
    while (true) {
      if (!item(depth + 1)) return false;
      r_.skip_space();
      if (r_.take(',')) continue;
      return r_.take(']');
    }
  }

  // `"key"` and the colon after it.
  bool next_key(std::string& key) {
    if (r_.at_end() || r_.peek() != '"' || !r_.string(key)) return false;
    r_.skip_space();
    return r_.take(':');
  }

  bool products(Json& slot, int32_t depth) {
    slot = Json(Json::value_t::array);
    return array(depth, [&](int32_t d) {
      slot.get_ref<Json::array_t&>().emplace_back();
      parts_.variants.emplace_back();
      return object(d, slot.back(), [&](const std::string& key, Json& s, int32_t dv) {
        return key == "variants" ? variants(dv, parts_.variants.back()) : r_.value(s, dv);
      });
    });
  }

  bool variants(int32_t depth, std::vector<DirectVariant>& out) {
    return array(depth, [&](int32_t d) {
      out.emplace_back();
      return variant(d, out.back());
    });
  }

  // Members by name into their kVariantFields slot; another name, or one
  // twice, declines (the DOM loader says which).
  bool variant(int32_t depth, DirectVariant& v) {
    if (!opens('{', depth)) return false;
    if (r_.take('}')) return true;
    std::string key;
    while (true) {
      key.clear();
      if (!next_key(key)) return false;
      size_t k = 0;
      while (k < kVariantFields.size() && kVariantFields[k] != key) ++k;
      if (k == kVariantFields.size() || !v.fields[k].is_discarded()) return false;
      if (!r_.value(v.fields[k], depth + 1)) return false;
      r_.skip_space();
      if (r_.take(',')) continue;
      return r_.take('}');
    }
  }

  // Each location's members into the DOM, its "stock" into `stocks` (one per location).
  bool locations(Json& slot, int32_t depth, std::vector<DirectStock>& stocks) {
    slot = Json(Json::value_t::array);
    return array(depth, [&](int32_t d) {
      slot.get_ref<Json::array_t&>().emplace_back();
      stocks.emplace_back();
      return object(d, slot.back(), [&](const std::string& key, Json& s, int32_t ds) {
        return key == "stock" ? stock(ds, stocks.back()) : r_.value(s, ds);
      });
    });
  }

  // Units: non-negative integers (anything else declines, "-0" included: the
  // DOM loader reads the rarities).
  bool units(uint64_t& out) {
    bool negative = false;
    return r_.whole_number(negative, out) && !negative;
  }

  bool stock(int32_t depth, DirectStock& s) {
    s.present = true;
    if (!r_.at_end() && r_.peek() == '[') {
      s.compact = true;
      return array(depth, [&](int32_t) {
        if (!r_.at_end() && r_.peek() == 'n') {
          s.units.push_back(DirectStock::kNotListed);
          return r_.literal("null", 4);
        }
        uint64_t n = 0;
        if (!units(n)) return false;
        s.units.push_back(n);
        return true;
      });
    }
    if (!opens('{', depth)) return false;
    if (r_.take('}')) return true;
    while (true) {
      std::string sku;
      uint64_t n = 0;
      if (!next_key(sku) || !units(n)) return false;
      s.entries.emplace_back(std::move(sku), n);
      r_.skip_space();
      if (r_.take(',')) continue;
      return r_.take('}');
    }
  }

  PlainReader r_;
  DirectParts& parts_;
};

}  // namespace

std::optional<LoadedCatalog> load_catalog_direct(std::string_view text, const std::string& path) {
  const JsonLimits limits;
  if (static_cast<uint64_t>(text.size()) > limits.max_bytes) return std::nullopt;
  constexpr int32_t kMaxRecursion = 64;  // as parse_plain_json
  DirectParts parts;
  Json root;
  CatalogText reader(text, limits.max_depth < kMaxRecursion ? limits.max_depth : kMaxRecursion, parts);
  if (!reader.document(root)) return std::nullopt;
  try {
    LoadedCatalog out{load_catalog(root, path, &parts), StockLevels{}};
    out.stock = load_stock(root, out.catalog, path, &parts);
    return out;
  } catch (const InputError&) {
    return std::nullopt;
  }
}

}  // namespace checkout
