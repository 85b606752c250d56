#include "event_hub.h"

#include <utility>

#include "wire_format.h"
#include "worker_pool.h"

namespace http {

EventHub::EventHub(size_t max_pending_bytes, std::function<void()> wake)
    : max_pending_bytes_(max_pending_bytes), wake_(std::move(wake)) {}

bool EventHub::publish(const std::string& event, const std::string& data) {
  if (count_.load() == 0) return true;  // nobody listening: skip the formatting
  const std::string bytes = format_sse_event(event, data);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (pending_.size() + bytes.size() > max_pending_bytes_) {
      if (!overflow_logged_) log_line("broadcast backlog full; dropping events");
      overflow_logged_ = true;
      return false;
    }
    pending_.append(bytes);
  }
  wake_();
  return true;
}

std::string EventHub::take_pending() {
  std::string bytes;
  std::lock_guard<std::mutex> lock(mutex_);
  bytes.swap(pending_);
  return bytes;
}

void EventHub::subscribe(uint64_t connection_id) {
  if (subscribers_.insert(connection_id).second) ++count_;
}

void EventHub::unsubscribe(uint64_t connection_id) {
  if (subscribers_.erase(connection_id)) --count_;
}

}  // namespace http
