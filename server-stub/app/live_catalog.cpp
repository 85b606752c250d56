#include "live_catalog.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "checkout/sha256.h"

namespace server {
namespace {

using Json = nlohmann::json;

// One location's stock in the shorter of the two forms of docs/formats.md
// "stock": the compact array (units in the order of `position`, null for a
// SKU not listed) where the location lists most SKUs, {sku: units} where it
// lists few (a store with 150 of 2,000 SKUs would send mostly nulls).
Json stock_json(const std::map<std::string, int64_t>& levels, const std::map<std::string, size_t>& position) {
  size_t object_bytes = 2, used = 0;
  for (const auto& [sku, units] : levels) {
    object_bytes += sku.size() + 4 + std::to_string(units).size();  // "sku":units,
    used = std::max(used, position.at(sku) + 1);
  }
  size_t array_bytes = 2 + used * 5;  // every slot as "null," at most
  if (array_bytes > object_bytes) {
    Json object = Json::object();
    for (const auto& [sku, units] : levels) object[sku] = units;
    return object;
  }
  Json array(used, nullptr);
  for (const auto& [sku, units] : levels) array[position.at(sku)] = units;
  return array;
}

// A copy of the catalog whose stores' and warehouses' stock holds exactly
// `levels` (`skus`: the catalog's SKU order, for the compact form). The demo
// catalog's stock is half its bytes in the compact form, and the core reads it fastest.
Json with_stock(const Json& catalog, const std::vector<std::string>& skus, const std::map<StockKey, int64_t>& levels) {
  std::map<std::string, size_t> position;
  for (size_t i = 0; i < skus.size(); ++i) position.emplace(skus[i], i);
  std::map<std::pair<LocationKind, std::string>, std::map<std::string, int64_t>> by_location;
  for (const auto& [key, units] : levels) {
    if (position.count(key.sku)) by_location[{key.kind, key.location}][key.sku] = units;
  }
  auto stock_of = [&](LocationKind kind, const Json& location) {
    auto it = by_location.find({kind, location.at("id").get<std::string>()});
    return it == by_location.end() ? Json::array() : stock_json(it->second, position);
  };
  Json out = catalog;
  if (auto stores = out.find("stores"); stores != out.end()) {
    for (Json& s : *stores) s["stock"] = stock_of(LocationKind::Store, s);
  }
  if (auto shipping = out.find("shipping"); shipping != out.end()) {
    if (auto warehouses = shipping->find("warehouses"); warehouses != shipping->end()) {
      for (Json& w : *warehouses) w["stock"] = stock_of(LocationKind::Warehouse, w);
    }
  }
  return out;
}

}  // namespace

std::unique_ptr<LiveCatalog> LiveCatalog::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read catalog " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  // The core validates everything (strictness, references, ranges); only a
  // catalog it accepts is used, so the reads below can trust its shape.
  checkout::Result<checkout::Engine> engine = checkout::Engine::load(std::string_view(text));
  if (!engine.ok()) throw std::runtime_error("catalog " + path + " is invalid: " + checkout::error_json(engine.error()));

  std::unique_ptr<LiveCatalog> c(new LiveCatalog());
  c->json_ = Json::parse(text);
  c->engine_ = std::make_shared<const checkout::Engine>(std::move(engine.value()));
  c->file_engine_ = c->engine_;
  c->view_.emplace(*c->engine_);
  return c;
}

std::vector<StockRow> LiveCatalog::initial_stock() const {
  // The core reads the stock in either form of the format (docs/formats.md "stock").
  std::vector<StockRow> rows;
  for (const checkout::StockLevelChange& level : file_engine_->listed_stock()) {
    StockRow r;
    const bool store = level.location == checkout::StockLevelChange::Location::Store;
    r.key = StockKey{store ? LocationKind::Store : LocationKind::Warehouse, level.location_id, level.sku};
    r.on_hand = level.on_hand;
    r.available = r.on_hand;
    rows.push_back(std::move(r));
  }
  return rows;
}

void LiveCatalog::start(const std::vector<StockRow>& live) {
  std::lock_guard<std::mutex> lock(mu_);
  available_.clear();
  for (const StockRow& r : live) {
    if (knows(r.key)) available_[r.key] = r.available;
  }
  // One load with every level in place is far cheaper than a with_*_stock
  // per row, and the result is the same engine.
  const Json with_live = with_stock(json_, view_->skus(), available_);
  checkout::Result<checkout::Engine> engine = checkout::Engine::load(with_live);
  if (!engine.ok()) throw std::runtime_error("catalog with live stock is invalid: " + checkout::error_json(engine.error()));
  auto started = std::make_shared<const checkout::Engine>(std::move(engine.value()));
  // Views of the loaded engine's catalog would keep that second copy alive.
  view_.emplace(*started);
  std::atomic_store(&engine_, std::move(started));
  ++stock_version_;
}

void LiveCatalog::apply(const std::function<std::vector<StockRow>()>& read,
                        const std::function<void(const StockRow&)>& changed) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::vector<StockRow> rows = read();
  std::vector<const StockRow*> fresh;
  std::vector<checkout::StockLevelChange> changes;
  for (const StockRow& r : rows) {
    auto it = available_.find(r.key);
    if (it != available_.end() && it->second == r.available) continue;
    if (!knows(r.key)) continue;  // a location or SKU the catalog no longer has
    fresh.push_back(&r);
    changes.push_back(checkout::StockLevelChange{r.key.kind == LocationKind::Store
                                                     ? checkout::StockLevelChange::Location::Store
                                                     : checkout::StockLevelChange::Location::Warehouse,
                                                 r.key.location, r.key.sku, r.available});
  }
  if (changes.empty()) return;
  // One new engine for the whole batch: it copies each touched location
  // once and shares the rest with the current engine.
  const std::shared_ptr<const checkout::Engine> current = std::atomic_load(&engine_);
  checkout::Result<checkout::Engine> next = current->with_stock_levels(changes);
  if (!next.ok()) {
    // Only a level the core refuses (beyond its maximum) gets here: apply
    // the others one by one rather than none.
    next = *current;
    std::vector<const StockRow*> applied;
    for (size_t i = 0; i < changes.size(); ++i) {
      checkout::Result<checkout::Engine> one = next.value().with_stock_levels({changes[i]});
      if (!one.ok()) continue;
      next = std::move(one);
      applied.push_back(fresh[i]);
    }
    fresh = std::move(applied);
    if (fresh.empty()) return;
  }
  for (const StockRow* r : fresh) {
    available_[r->key] = r->available;
    changed(*r);
  }
  std::atomic_store(&engine_, std::make_shared<const checkout::Engine>(std::move(next.value())));
  ++stock_version_;
}

bool LiveCatalog::knows(const StockKey& key) const {
  const bool known_location = key.kind == LocationKind::Store ? view_->store(key.location).has_value()
                                                              : view_->has_warehouse(key.location);
  return known_location && view_->variant(key.sku).has_value();
}

std::pair<std::shared_ptr<const std::string>, std::string> LiveCatalog::snapshot() {
  std::map<StockKey, int64_t> levels;
  int64_t version = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    version = stock_version_;
    if (snapshot_ && snapshot_version_ == version) return {snapshot_, snapshot_etag_};
    levels = available_;
  }
  // Serialising and hashing the catalog takes milliseconds: done outside the
  // lock so stock updates and quotes never wait for it.
  auto body = std::make_shared<const std::string>(with_stock(json_, view_->skus(), levels).dump());
  std::string etag = "\"" + checkout::sha256_hex(*body).substr(0, 32) + "\"";
  std::lock_guard<std::mutex> lock(mu_);
  if (version > snapshot_version_) {
    snapshot_ = body;
    snapshot_etag_ = etag;
    snapshot_version_ = version;
  }
  return {body, etag};
}

}  // namespace server
