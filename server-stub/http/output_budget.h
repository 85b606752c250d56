// One budget for every byte the server has produced but a client has not
// taken yet: answers and event streams alike. Without it each connection's
// own bound, times thousands of clients that never read, is gigabytes. When
// the total passes the limit the transport drops the slowest reader: the
// connection whose output has waited longest without the client taking any
// (ties: the older connection).
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>

namespace http {

class OutputBudget {
 public:
  explicit OutputBudget(uint64_t limit_bytes) : limit_(limit_bytes) {}

  // The connection now has `bytes` waiting; `progressed` when its client
  // took some since the last call.
  void update(uint64_t connection_id, size_t bytes, bool progressed, int64_t now);
  void forget(uint64_t connection_id);

  bool over() const { return total_ > limit_; }
  uint64_t total() const { return total_; }
  uint64_t limit() const { return limit_; }
  std::optional<uint64_t> slowest() const;

 private:
  struct Waiting {
    size_t bytes;
    int64_t since;  // last progress, or when output started waiting
  };
  const uint64_t limit_;
  uint64_t total_ = 0;
  std::map<uint64_t, Waiting> waiting_;
  std::set<std::pair<int64_t, uint64_t>> by_age_;  // (since, connection id)
};

}  // namespace http
