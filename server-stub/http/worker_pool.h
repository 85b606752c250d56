// Runs handlers off the I/O thread: a bounded queue of requests feeding a
// fixed number of threads, and a queue of answers the I/O thread collects
// when `on_answer` (called on the worker) tells it one is ready.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "http_server.h"

namespace http {

class WorkerPool {
 public:
  struct Answer {
    uint64_t connection_id;
    Response response;
  };

  // Workers wait while answers of more than `max_answer_bytes` are waiting
  // for the I/O thread: handlers are faster than sockets, and every answer
  // held here is memory the output budget cannot see yet.
  WorkerPool(uint32_t max_queued, uint64_t max_answer_bytes, std::function<void()> on_answer);
  ~WorkerPool();  // stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void start(uint32_t threads, Handler handler);
  // False when the queue is full: the caller answers 503 at once rather than
  // keep an unbounded queue of stale work.
  bool submit(uint64_t connection_id, Request request);
  std::vector<Answer> take_answers();
  // Requests queued or being handled whose answers are not yet taken.
  size_t outstanding() const;
  // Queued requests are dropped; handlers already running finish first.
  void stop();

 private:
  void work(const Handler& handler);
  void post(uint64_t connection_id, Response response);

  const uint32_t max_queued_;
  const uint64_t max_answer_bytes_;
  const std::function<void()> on_answer_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::condition_variable answers_taken_;
  std::deque<std::pair<uint64_t, Request>> queue_;
  size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  std::vector<Answer> answers_;  // guarded by mutex_ as well
  uint64_t answer_bytes_ = 0;    // bodies in answers_
};

// Runs application code; nothing it throws may escape into the server, and
// what it says about itself goes to stderr, never to the client.
Response call_handler(const Handler& handler, const Request& request);
Response overloaded_response();
void log_line(const std::string& line);
void log_out_of_memory(const char* what) noexcept;

}  // namespace http
