#include "timers.h"

#include <algorithm>

namespace http {

void Timers::every(Id id, int64_t interval_ms, int64_t now) { entries_[id] = Entry{now + interval_ms, interval_ms}; }

void Timers::at(Id id, int64_t when) { entries_[id] = Entry{when, 0}; }

void Timers::cancel(Id id) { entries_.erase(id); }

int Timers::wait_ms(int64_t now, int cap) const {
  int64_t wait = cap;
  for (const auto& [id, entry] : entries_) wait = std::min(wait, entry.when - now);
  return static_cast<int>(std::clamp<int64_t>(wait, 0, cap));
}

std::vector<Timers::Id> Timers::due(int64_t now) {
  std::vector<Id> fired;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.when > now) {
      ++it;
      continue;
    }
    fired.push_back(it->first);
    if (it->second.interval_ms > 0) {
      it->second.when = now + it->second.interval_ms;
      ++it;
    } else {
      it = entries_.erase(it);
    }
  }
  return fired;
}

}  // namespace http
