// Server instances on one PostgreSQL: LISTEN/NOTIFY on two connections of
// the feed's own (never the storage's: LISTEN needs a direct connection, and
// a NOTIFY inside the order transaction takes a global lock at its commit).
//  - The publisher thread collects keys from publish() and sends them in as
//    few `pg_notify` calls as fit the payload limit: a burst of orders costs
//    one notification, not one per order.
//    Order events (for staff pages) travel the same way on their own channel.
//  - The listener thread waits on its socket; the keys of notifications from
//    other instances (its own publisher's are skipped by backend pid) are
//    applied as one batch. After every (re)connect it resyncs fully: what
//    was notified while it was away is lost. A timer resyncs too
//    (reconciliation), covering an instance that crashed between its commit
//    and its notification.
#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

#include "change_feed.h"

namespace server {
namespace {

constexpr const char* kStockChannel = "checkout_stock";
constexpr const char* kOrderChannel = "checkout_orders";

PGconn* connect(const std::string& conninfo) {
  const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
  const char* values[] = {conninfo.c_str(), "3", "checkout-change-feed", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (PQstatus(conn) != CONNECTION_OK) {
    PQfinish(conn);
    return nullptr;
  }
  return conn;
}

bool run_command(PGconn* conn, const char* sql) {
  PGresult* r = PQexec(conn, sql);
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  PQclear(r);
  return ok;
}

class PostgresChangeFeed final : public ChangeFeed {
 public:
  PostgresChangeFeed(std::string conninfo, ChangeFeedOptions options)
      : conninfo_(std::move(conninfo)), options_(options) {}
  ~PostgresChangeFeed() override { stop(); }

  void start(Listener listener) override {
    listener_ = std::move(listener);
    publisher_ = std::thread([this] { publish_loop(); });
    listener_thread_ = std::thread([this] { listen_loop(); });
  }

  void publish(const std::vector<StockKey>& keys) override {
    if (keys.empty()) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      pending_.insert(keys.begin(), keys.end());
    }
    wake_.notify_all();
  }

  void publish_order(const std::string& data) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      pending_orders_.push_back(data);
    }
    wake_.notify_all();
  }

  void stop() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (publisher_.joinable()) publisher_.join();
    if (listener_thread_.joinable()) listener_thread_.join();
  }

 private:
  bool stopping() {
    std::lock_guard<std::mutex> lock(mu_);
    return stopping_;
  }

  // Sleeps up to `ms`, returning early (true) when stopping.
  bool pause(int32_t ms) {
    std::unique_lock<std::mutex> lock(mu_);
    return wake_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
  }

  void publish_loop() {
    PGconn* conn = nullptr;
    for (;;) {
      std::vector<StockKey> keys;
      std::vector<std::string> orders;
      {
        std::unique_lock<std::mutex> lock(mu_);
        wake_.wait(lock, [this] { return stopping_ || !pending_.empty() || !pending_orders_.empty(); });
        if (stopping_) break;
        keys.assign(pending_.begin(), pending_.end());
        pending_.clear();
        orders.swap(pending_orders_);
      }
      if (conn == nullptr) {
        conn = connect(conninfo_);
        own_backend_pid_ = conn != nullptr ? PQbackendPID(conn) : 0;
      }
      bool sent = conn != nullptr;
      auto notify = [&](const char* channel, const std::vector<std::string>& payloads) {
        for (const std::string& payload : payloads) {
          if (!sent) return;
          const char* params[] = {channel, payload.c_str()};
          PGresult* r = PQexecParams(conn, "SELECT pg_notify($1, $2)", 2, nullptr, params, nullptr, nullptr, 0);
          sent = PQresultStatus(r) == PGRES_TUPLES_OK;
          PQclear(r);
        }
      };
      notify(kStockChannel, encode_stock_keys(keys));
      notify(kOrderChannel, encode_order_events(orders));
      if (!sent) {
        // Dropped, not retried: the other instances' reconciliation and their
        // resync after reconnecting cover it; retrying could block forever.
        std::fprintf(stderr, "checkout-server: change notification not sent (%zu stock keys, %zu order events): %s",
                     keys.size(), orders.size(),
                     conn != nullptr ? PQerrorMessage(conn) : "no connection\n");
        PQfinish(conn);
        conn = nullptr;
        own_backend_pid_ = 0;
        if (pause(500)) break;
      }
    }
    PQfinish(conn);
  }

  template <typename F>
  void call(const F& f) {
    try {
      f();
    } catch (const std::exception& e) {
      // The database is unreachable for the storage too: the next
      // reconciliation (or the resync after reconnecting) tries again.
      std::fprintf(stderr, "checkout-server: stock refresh failed: %s\n", e.what());
      resync_owed_ = true;
    }
  }

  void listen_loop() {
    using Clock = std::chrono::steady_clock;
    int32_t backoff_ms = 200;
    while (!stopping()) {
      PGconn* conn = connect(conninfo_);
      if (conn == nullptr || !run_command(conn, "LISTEN checkout_stock; LISTEN checkout_orders")) {
        PQfinish(conn);
        if (pause(backoff_ms)) return;
        backoff_ms = std::min(backoff_ms * 2, 5'000);
        continue;
      }
      backoff_ms = 200;
      call([this] { listener_.resync(); });  // whatever was notified while away
      auto next_reconcile = Clock::now() + std::chrono::milliseconds(options_.reconcile_ms);
      while (!stopping()) {
        // poll, not select: with thousands of client connections this
        // socket's number can be past FD_SETSIZE after a reconnect.
        pollfd readable{PQsocket(conn), POLLIN, 0};
        if (readable.fd < 0) break;
        if (poll(&readable, 1, 200) < 0 && errno != EINTR) break;  // 200 ms: also how soon stop() is noticed
        if (PQconsumeInput(conn) == 0) break;  // connection lost
        std::set<StockKey> keys;
        std::vector<std::string> orders;
        while (PGnotify* n = PQnotifies(conn)) {
          if (n->be_pid != own_backend_pid_.load()) {
            if (std::string(n->relname) == kOrderChannel) {
              for (std::string& event : decode_order_events(n->extra)) orders.push_back(std::move(event));
            } else {
              for (StockKey& key : decode_stock_keys(n->extra)) keys.insert(std::move(key));
            }
          }
          PQfreemem(n);
        }
        // Stock first: a staff page that reloads on an order event then reads current levels.
        if (!keys.empty()) call([&] { listener_.changed(std::vector<StockKey>(keys.begin(), keys.end())); });
        if (listener_.order) {
          for (const std::string& event : orders) call([&] { listener_.order(event); });
        }
        const bool reconcile_due = options_.reconcile_ms > 0 && Clock::now() >= next_reconcile;
        if (reconcile_due || resync_owed_.exchange(false)) {
          call([this] { listener_.resync(); });
          next_reconcile = Clock::now() + std::chrono::milliseconds(options_.reconcile_ms);
        }
      }
      std::fprintf(stderr, "checkout-server: stock change feed lost its connection; reconnecting\n");
      PQfinish(conn);
    }
  }

  const std::string conninfo_;
  const ChangeFeedOptions options_;
  Listener listener_;
  std::thread publisher_, listener_thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::set<StockKey> pending_;
  std::vector<std::string> pending_orders_;
  std::atomic<int> own_backend_pid_{0};
  std::atomic<bool> resync_owed_{false};
};

}  // namespace

std::unique_ptr<ChangeFeed> make_postgres_change_feed(const std::string& conninfo, const ChangeFeedOptions& options) {
  return std::make_unique<PostgresChangeFeed>(conninfo, options);
}

}  // namespace server
