// SQLite's concurrency helpers: a pool of reader connections (WAL lets them
// read beside the one writer) and the checkpointer that copies the WAL back
// into the database file off the writer's path.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "sqlite_db.h"
#include "sqlite_schema.h"
#include "storage.h"

namespace server {

class ReaderPool {
 public:
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<SqliteConnection> c) : pool_(pool), c_(std::move(c)) {}
    ~Lease() { pool_.give_back(std::move(c_)); }
    SqliteConnection& operator*() { return *c_; }

   private:
    ReaderPool& pool_;
    std::unique_ptr<SqliteConnection> c_;
  };

  void add(std::unique_ptr<SqliteConnection> c) { free_.push_back(std::move(c)); }
  Lease lease() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    std::unique_ptr<SqliteConnection> c = std::move(free_.back());
    free_.pop_back();
    return Lease(*this, std::move(c));
  }

 private:
  void give_back(std::unique_ptr<SqliteConnection> c) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      free_.push_back(std::move(c));
    }
    cv_.notify_one();
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<SqliteConnection>> free_;
};

// Copies the WAL back into the database file from its own thread and
// connection. SQLite's automatic checkpoint runs inside the commit that
// crosses the threshold, on the writer, under write_mu_: its page copies and
// two fsyncs stalled every order queued behind it (the p99 of POST
// /api/orders). Durability is unchanged: a commit is durable once it is in
// the WAL, and a checkpoint only copies committed pages (crash-safe itself).
// PASSIVE mode never waits for the writer or readers.
class Checkpointer {
 public:
  static constexpr int kWalPages = 1000;  // SQLite's own default threshold

  Checkpointer(const std::string& path, const SqliteOptions& options) : db_(path, false) {
    configure(db_, options);
    thread_ = std::thread([this] { run(); });
  }
  ~Checkpointer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Installed as the writer's WAL hook (which also turns off the automatic
  // checkpoint): called after each commit with the WAL's size in pages.
  static int on_commit(void* self, sqlite3*, const char*, int wal_pages) {
    if (wal_pages >= kWalPages) static_cast<Checkpointer*>(self)->request();
    return SQLITE_OK;
  }

 private:
  void request() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      due_ = true;
    }
    cv_.notify_one();
  }
  void run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      cv_.wait(lock, [&] { return due_ || stop_; });
      if (stop_) return;
      due_ = false;
      lock.unlock();
      // Busy or failed: the next commit over the threshold asks again.
      sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      lock.lock();
    }
  }

  SqliteConnection db_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool due_ = false, stop_ = false;
  std::thread thread_;
};

}  // namespace server
