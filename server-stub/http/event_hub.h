// Server-Sent Events fan-out. Any thread publishes; events wait, formatted
// and bounded, until the I/O thread takes them and appends them to each
// subscribed connection (in connection order).
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>

namespace http {

class EventHub {
 public:
  EventHub(size_t max_pending_bytes, std::function<void()> wake);

  // Thread-safe. False when the event was dropped: the I/O thread is this
  // far behind, and dropping beats unbounded memory.
  bool publish(const std::string& event, const std::string& data);
  std::string take_pending();  // I/O thread: everything published since the last call

  // I/O thread only.
  void subscribe(uint64_t connection_id);
  void unsubscribe(uint64_t connection_id);
  const std::set<uint64_t>& subscribers() const { return subscribers_; }
  size_t count() const { return count_.load(); }  // any thread

 private:
  const size_t max_pending_bytes_;
  const std::function<void()> wake_;
  std::mutex mutex_;
  std::string pending_;
  bool overflow_logged_ = false;
  std::set<uint64_t> subscribers_;
  std::atomic<size_t> count_{0};
};

}  // namespace http
