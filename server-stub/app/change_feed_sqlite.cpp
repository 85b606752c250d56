// Several server processes on one SQLite file (the embedded default, and a
// fleet on one machine): no messages between processes, so each polls
// PRAGMA data_version on a connection of its own. The value changes when any
// other connection (of this process or another) has committed; then a full
// resync reads every stock row (a few hundred rows: cheaper than working out
// which ones changed). Reconciliation is the same resync on a timer.
#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <mutex>
#include <thread>

#include "change_feed.h"

namespace server {
namespace {

class SqliteChangeFeed final : public ChangeFeed {
 public:
  SqliteChangeFeed(std::string path, ChangeFeedOptions options) : path_(std::move(path)), options_(options) {}
  ~SqliteChangeFeed() override { stop(); }

  void start(Listener listener) override {
    if (options_.poll_ms <= 0 && options_.reconcile_ms <= 0) return;
    listener_ = std::move(listener);
    thread_ = std::thread([this] { run(); });
  }

  void publish(const std::vector<StockKey>&) override {}
  void publish_order(const std::string&) override {}

  void stop() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  // -1 when it cannot be read (the next poll tries again).
  int64_t data_version(sqlite3* db) {
    sqlite3_stmt* stmt = nullptr;
    int64_t version = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      version = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    return version;
  }

  void resync() {
    try {
      listener_.resync();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "checkout-server: stock resync failed: %s\n", e.what());
    }
  }

  void run() {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "checkout-server: change feed cannot open %s: %s\n", path_.c_str(), sqlite3_errmsg(db));
      sqlite3_close(db);
      db = nullptr;
    }
    if (db != nullptr) sqlite3_busy_timeout(db, 1'000);
    using Clock = std::chrono::steady_clock;
    const auto poll = std::chrono::milliseconds(options_.poll_ms > 0 ? options_.poll_ms : options_.reconcile_ms);
    const auto reconcile = std::chrono::milliseconds(options_.reconcile_ms);
    auto next_reconcile = Clock::now() + reconcile;
    int64_t seen = db != nullptr ? data_version(db) : -1;
    std::unique_lock<std::mutex> lock(mu_);
    while (!wake_.wait_for(lock, poll, [this] { return stopping_; })) {
      lock.unlock();
      bool due = options_.reconcile_ms > 0 && Clock::now() >= next_reconcile;
      if (db != nullptr && options_.poll_ms > 0) {
        const int64_t now = data_version(db);
        if (now != -1 && now != seen) due = true;
        if (now != -1) seen = now;
      }
      if (due) {
        resync();
        next_reconcile = Clock::now() + reconcile;
      }
      lock.lock();
    }
    lock.unlock();
    sqlite3_close(db);
  }

  const std::string path_;
  const ChangeFeedOptions options_;
  Listener listener_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace

std::unique_ptr<ChangeFeed> make_sqlite_change_feed(const std::string& path, const ChangeFeedOptions& options) {
  return std::make_unique<SqliteChangeFeed>(path, options);
}

}  // namespace server
