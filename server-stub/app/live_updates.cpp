#include "live_updates.h"

#include "api_support.h"

namespace server {

namespace {

void publish_stock(const Publish& publish, const StockRow& row) {
  publish("stock", Json{{"kind", location_kind_name(row.key.kind)},
                        {"location", row.key.location},
                        {"sku", row.key.sku},
                        {"available", row.available}}
                       .dump());
}

}  // namespace

void LiveUpdates::stock_changed(const std::vector<StockKey>& touched) {
  refresh(touched);
  if (feed_ != nullptr) feed_->publish(touched);
}

void LiveUpdates::resync() {
  catalog_->apply([&] { return storage_->all_stock(); }, [&](const StockRow& row) { publish_stock(publish_, row); });
}

void LiveUpdates::refresh(const std::vector<StockKey>& touched) {
  if (touched.empty()) return;
  {
    std::lock_guard<std::mutex> lock(pending_stock_mu_);
    pending_stock_.insert(touched.begin(), touched.end());
  }
  // Whoever gets here next applies every pending key, ours included (our
  // commit is already visible to the read below); later arrivals that find
  // the set empty were covered by an earlier apply.
  std::lock_guard<std::mutex> apply(stock_apply_mu_);
  std::vector<StockKey> keys;
  {
    std::lock_guard<std::mutex> lock(pending_stock_mu_);
    keys.assign(pending_stock_.begin(), pending_stock_.end());
    pending_stock_.clear();
  }
  if (keys.empty()) return;
  catalog_->apply([&] { return storage_->read_stock(keys); }, [&](const StockRow& row) { publish_stock(publish_, row); });
}

void LiveUpdates::publish_order_event(const std::string& order_id, const std::string& store_id, OrderStatus status) {
  const std::string data =
      Json{{"order_id", order_id}, {"store_id", store_id}, {"status", order_status_name(status)}}.dump();
  publish_("order", data);
  if (feed_ != nullptr) feed_->publish_order(data);
}

void LiveUpdates::relay_order_event(const std::string& data) { publish_("order", data); }

}  // namespace server
