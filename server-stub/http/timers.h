// The I/O loop's clock work: named one-shot and periodic deadlines, the
// time until the next one (for epoll_wait), and which are due. No clock is
// read here; the loop passes `now` (steady milliseconds).
#pragma once
#include <cstdint>
#include <map>
#include <vector>

namespace http {

class Timers {
 public:
  enum class Id { sweep, heartbeat, resume_accepting, drain_deadline };

  void every(Id id, int64_t interval_ms, int64_t now);  // periodic, first at now + interval
  void at(Id id, int64_t when);                          // once
  void cancel(Id id);
  bool armed(Id id) const { return entries_.count(id) != 0; }
  // Milliseconds until the next deadline, within [0, cap].
  int wait_ms(int64_t now, int cap) const;
  // The deadlines reached, in Id order; periodic ones re-armed, one-shots removed.
  std::vector<Id> due(int64_t now);

 private:
  struct Entry {
    int64_t when;
    int64_t interval_ms;  // 0 = once
  };
  std::map<Id, Entry> entries_;
};

}  // namespace http
