// One mutex per key, created on demand and dropped when nobody holds it:
// concurrent requests with the same Idempotency-Key run one after the other
// in this process, so the second finds the first one's stored response
// instead of racing it through quoting. (Across processes the key's row,
// written in the order's transaction, still decides.)
#pragma once
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>

namespace server {

class KeyedLocks {
 public:
  class Guard {
   public:
    Guard(KeyedLocks& locks, std::string key) : locks_(locks), key_(std::move(key)) { locks_.lock(key_); }
    ~Guard() { locks_.unlock(key_); }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;

   private:
    KeyedLocks& locks_;
    std::string key_;
  };

  size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return held_.size();
  }

 private:
  void lock(const std::string& key) {
    std::unique_lock<std::mutex> lock(mu_);
    Entry& e = held_[key];
    ++e.waiters;
    cv_.wait(lock, [&] { return !e.locked; });
    e.locked = true;
  }
  void unlock(const std::string& key) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = held_.find(key);
      it->second.locked = false;
      if (--it->second.waiters == 0) held_.erase(it);
    }
    cv_.notify_all();
  }

  struct Entry {
    bool locked = false;
    int waiters = 0;  // holder included
  };
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Entry> held_;  // std::map: references stay valid while others are inserted
};

}  // namespace server
