// How server instances that share one database hear of each other's stock
// changes, so every instance's engine, catalog and event streams follow the
// database and not only its own orders.
//
// After a commit the instance that wrote publishes the changed keys; every
// other instance re-reads those rows (Storage::read_stock) and applies them.
// A publication can be lost (a crash between commit and publish, a dropped
// connection), so every feed also resyncs fully: after (re)connecting and on
// a timer (reconciliation). Re-reading is idempotent (LiveCatalog::apply
// skips rows whose level it already has), so an extra resync costs a read.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "storage.h"

namespace server {

struct ChangeFeedOptions {
  int32_t reconcile_ms = 5'000;  // full resync at least this often; 0 = never
  int32_t poll_ms = 250;         // SQLite: how often to look for another process's commit
};

class ChangeFeed {
 public:
  struct Listener {
    std::function<void(const std::vector<StockKey>&)> changed;  // re-read these rows
    std::function<void()> resync;                               // re-read every row
    std::function<void(const std::string& data)> order;         // another instance's "order" event
  };
  virtual ~ChangeFeed() = default;

  // Starts the feed's thread; the listener is called on it, never concurrently.
  virtual void start(Listener listener) = 0;
  // After a committed change: tells the other instances. Never waits on the
  // network (publications are queued and sent in batches by the feed's thread).
  virtual void publish(const std::vector<StockKey>& keys) = 0;
  // An "order" event's data (a pickup order placed or moved), for the other
  // instances' event-stream subscribers (a store's staff page). Best effort:
  // a lost one is not replayed (the staff page reloads its queue when its
  // stream reconnects). Same queueing as publish().
  virtual void publish_order(const std::string& data) = 0;
  // Stops and joins the feed's threads; the listener is not called afterwards.
  virtual void stop() = 0;
};

// Several processes on one SQLite file: PRAGMA data_version on a connection
// of its own, polled every poll_ms; when another connection committed, a full
// resync. publish() does nothing (the poll sees the commit); neither does
// publish_order(): order events stay within the process that made them.
std::unique_ptr<ChangeFeed> make_sqlite_change_feed(const std::string& path, const ChangeFeedOptions& options);

// PostgreSQL: LISTEN/NOTIFY on connections of its own, outside any order
// transaction (a NOTIFY inside the write transaction would take a global
// lock at its commit): publications batched into `pg_notify` calls by one
// thread, notifications of other instances read by another. Stock keys go
// on channel checkout_stock, order events on checkout_orders.
std::unique_ptr<ChangeFeed> make_postgres_change_feed(const std::string& conninfo, const ChangeFeedOptions& options);

// The notification payload: changed keys as a JSON array of
// ["store"|"warehouse", location, sku]; split so that each stays below
// `max_bytes` (PostgreSQL refuses payloads of 8000 bytes and more).
std::vector<std::string> encode_stock_keys(const std::vector<StockKey>& keys, size_t max_bytes = 7'000);
// Keys of a payload; malformed entries are skipped (a resync covers them).
std::vector<StockKey> decode_stock_keys(const std::string& payload);
// Order events' data (JSON objects) as JSON arrays below `max_bytes`, and back
// (canonical JSON text of each object; anything else is skipped).
std::vector<std::string> encode_order_events(const std::vector<std::string>& events, size_t max_bytes = 7'000);
std::vector<std::string> decode_order_events(const std::string& payload);

}  // namespace server
