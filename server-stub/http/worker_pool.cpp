#include "worker_pool.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <exception>
#include <new>
#include <utility>

#include "wire_format.h"

namespace http {
namespace {

// Request text for a log line: attacker-controlled, so printable ASCII only and short.
std::string loggable(std::string_view s) {
  std::string out;
  for (unsigned char c : s.substr(0, 200)) out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?');
  return out;
}

Response internal_error() { return error_response(500, "internal", "Internal error."); }

}  // namespace

void log_line(const std::string& line) { std::fprintf(stderr, "[http] %s\n", line.c_str()); }

void log_out_of_memory(const char* what) noexcept {
  std::fprintf(stderr, "[http] out of memory: %s\n", what);  // no allocation
}

Response overloaded_response() {
  Response r = error_response(503, "overloaded", "Server is busy; try again shortly.");
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

Response call_handler(const Handler& handler, const Request& request) {
  try {
    Response response = handler(request);
    if (response.status < 200 || response.status > 599) {
      log_line("handler returned invalid status " + std::to_string(response.status) + " for " +
               loggable(request.method) + " " + loggable(request.path));
      return internal_error();
    }
    return response;
  } catch (const std::exception& e) {
    log_line("handler failed for " + loggable(request.method) + " " + loggable(request.path) + ": " + e.what());
  } catch (...) {
    log_line("handler failed for " + loggable(request.method) + " " + loggable(request.path) + ": unknown exception");
  }
  return internal_error();
}

WorkerPool::WorkerPool(uint32_t max_queued, uint64_t max_answer_bytes, std::function<void()> on_answer)
    : max_queued_(max_queued), max_answer_bytes_(max_answer_bytes), on_answer_(std::move(on_answer)) {}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::start(uint32_t threads, Handler handler) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = false;
  }
  auto shared = std::make_shared<Handler>(std::move(handler));
  for (uint32_t i = 0; i < std::max<uint32_t>(1, threads); ++i)
    threads_.emplace_back([this, shared] { work(*shared); });
}

bool WorkerPool::submit(uint64_t connection_id, Request request) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ || queue_.size() >= max_queued_) return false;
    queue_.emplace_back(connection_id, std::move(request));
  }
  cv_.notify_one();
  return true;
}

std::vector<WorkerPool::Answer> WorkerPool::take_answers() {
  std::vector<Answer> batch;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    batch.swap(answers_);
    answer_bytes_ = 0;
  }
  answers_taken_.notify_all();
  return batch;
}

size_t WorkerPool::outstanding() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.size() + running_ + answers_.size();
}

void WorkerPool::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();  // queued requests are dropped with their connections
  }
  cv_.notify_all();
  answers_taken_.notify_all();
  for (std::thread& t : threads_) t.join();  // waits for handlers in progress
  threads_.clear();
  std::lock_guard<std::mutex> lock(mutex_);
  answers_.clear();
  answer_bytes_ = 0;
}

void WorkerPool::work(const Handler& handler) {
  for (;;) {
    std::pair<uint64_t, Request> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    const uint64_t connection_id = job.first;
    try {
      Response response = call_handler(handler, job.second);
      job.second = Request{};  // the request's memory goes back before the answer waits
      post(connection_id, std::move(response));
    } catch (const std::bad_alloc&) {
      // call_handler already turned the handler's own bad_alloc into a 500;
      // this is building or queueing that answer failing. Memory is freed
      // by now, so a short 503 has a chance.
      job.second = Request{};
      try {
        post(connection_id, overloaded_response());
      } catch (const std::bad_alloc&) {
        std::lock_guard<std::mutex> lock(mutex_);
        --running_;
        log_out_of_memory("a worker could not queue its answer");
      }
    }
    on_answer_();
  }
}

void WorkerPool::post(uint64_t connection_id, Response response) {
  std::unique_lock<std::mutex> lock(mutex_);
  // Never waits on an empty queue, so one answer larger than the cap passes.
  answers_taken_.wait(lock, [&] { return stopping_ || answers_.empty() || answer_bytes_ < max_answer_bytes_; });
  answer_bytes_ += response.body.size();
  answers_.push_back(Answer{connection_id, std::move(response)});
  --running_;  // one step with the push: outstanding() never dips between them
}

}  // namespace http
