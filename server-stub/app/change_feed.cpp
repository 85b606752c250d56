#include "change_feed.h"

#include <nlohmann/json.hpp>

namespace server {

std::vector<std::string> encode_stock_keys(const std::vector<StockKey>& keys, size_t max_bytes) {
  std::vector<std::string> payloads;
  nlohmann::json batch = nlohmann::json::array();
  size_t size = 2;
  for (const StockKey& key : keys) {
    nlohmann::json entry = nlohmann::json::array({location_kind_name(key.kind), key.location, key.sku});
    const size_t entry_size = entry.dump().size() + 1;
    if (!batch.empty() && size + entry_size > max_bytes) {
      payloads.push_back(batch.dump());
      batch = nlohmann::json::array();
      size = 2;
    }
    batch.push_back(std::move(entry));
    size += entry_size;
  }
  if (!batch.empty()) payloads.push_back(batch.dump());
  return payloads;
}

std::vector<StockKey> decode_stock_keys(const std::string& payload) {
  std::vector<StockKey> keys;
  const nlohmann::json doc = nlohmann::json::parse(payload, nullptr, false);
  if (!doc.is_array()) return keys;
  for (const nlohmann::json& entry : doc) {
    if (!entry.is_array() || entry.size() != 3 || !entry[0].is_string() || !entry[1].is_string() ||
        !entry[2].is_string()) {
      continue;
    }
    const std::string kind = entry[0].get<std::string>();
    if (kind != "store" && kind != "warehouse") continue;
    keys.push_back(StockKey{kind == "store" ? LocationKind::Store : LocationKind::Warehouse,
                            entry[1].get<std::string>(), entry[2].get<std::string>()});
  }
  return keys;
}

std::vector<std::string> encode_order_events(const std::vector<std::string>& events, size_t max_bytes) {
  std::vector<std::string> payloads;
  std::string batch;
  for (const std::string& event : events) {
    if (event.size() + 2 > max_bytes) continue;  // no event of ours is that large
    if (!batch.empty() && batch.size() + event.size() + 2 > max_bytes) {
      payloads.push_back("[" + batch + "]");
      batch.clear();
    }
    batch += batch.empty() ? event : "," + event;
  }
  if (!batch.empty()) payloads.push_back("[" + batch + "]");
  return payloads;
}

std::vector<std::string> decode_order_events(const std::string& payload) {
  std::vector<std::string> events;
  const nlohmann::json doc = nlohmann::json::parse(payload, nullptr, false);
  if (!doc.is_array()) return events;
  for (const nlohmann::json& event : doc) {
    if (event.is_object()) events.push_back(event.dump());
  }
  return events;
}

}  // namespace server
