#include "output_budget.h"

namespace http {

void OutputBudget::update(uint64_t connection_id, size_t bytes, bool progressed, int64_t now) {
  auto it = waiting_.find(connection_id);
  if (bytes == 0) {
    if (it != waiting_.end()) forget(connection_id);
    return;
  }
  if (it == waiting_.end()) {
    waiting_.emplace(connection_id, Waiting{bytes, now});
    by_age_.emplace(now, connection_id);
    total_ += bytes;
    return;
  }
  total_ = total_ - it->second.bytes + bytes;
  it->second.bytes = bytes;
  if (progressed && it->second.since != now) {
    by_age_.erase({it->second.since, connection_id});
    it->second.since = now;
    by_age_.emplace(now, connection_id);
  }
}

void OutputBudget::forget(uint64_t connection_id) {
  auto it = waiting_.find(connection_id);
  if (it == waiting_.end()) return;
  total_ -= it->second.bytes;
  by_age_.erase({it->second.since, connection_id});
  waiting_.erase(it);
}

std::optional<uint64_t> OutputBudget::slowest() const {
  if (by_age_.empty()) return std::nullopt;
  return by_age_.begin()->second;
}

}  // namespace http
