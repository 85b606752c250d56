// checkout-cli: the core as a filter, built from this one source natively and
// for node (emscripten, NODERAWFS), so the parity tests can pipe the same
// bytes through both and compare the bytes that come out.
//
//   checkout-cli            one request {"catalog","cart","context"} on stdin ->
//                           quote JSON + "\n"; exit 0, or error JSON + "\n", exit 2.
//                           A request with "order" is a return: refund quote, or
//                           with a "cart" an exchange (checkout/refund.h).
//   checkout-cli --jsonl    one request per input line -> one result line per
//                           input line (errors too); exit 0
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "checkout/engine.h"
#include "checkout/refund.h"
#include "error.h"
#include "json_strict.h"

namespace {

using checkout::Engine;
using checkout::Error;
using checkout::Result;

constexpr size_t kMaxInputBytes = size_t{64} << 20;  // per line / whole stdin
constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;
constexpr int kExitUsage = 64;
constexpr int kExitInternal = 70;

const Error kTooLarge{"too_large", "The request is larger than 64 MiB.", ""};

void write_line(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fputc('\n', stdout);
}

// Splits stdin into lines (without their '\n') with fread, so NUL bytes and
// very long lines are handled. A line longer than the limit is consumed to
// its end and flagged, so the caller can answer it and carry on.
class LineReader {
 public:
  explicit LineReader(std::FILE* in) : in_(in) {}

  // False at end of input with nothing left to read.
  bool next(std::string& line, bool& too_large) {
    line.clear();
    too_large = false;
    bool any = false;
    for (;;) {
      if (pos_ == len_) {
        len_ = std::fread(buf_, 1, sizeof buf_, in_);
        pos_ = 0;
        if (len_ == 0) return any;
      }
      any = true;
      const char* start = buf_ + pos_;
      const void* nl = std::memchr(start, '\n', len_ - pos_);
      size_t n = nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : len_ - pos_;
      if (!too_large) {
        if (line.size() + n > kMaxInputBytes) {
          too_large = true;
          std::string().swap(line);
        } else {
          line.append(start, n);
        }
      }
      pos_ += n;
      if (nl) {
        ++pos_;
        return true;
      }
    }
  }

 private:
  std::FILE* in_;
  char buf_[65536];
  size_t pos_ = 0, len_ = 0;
};

// Reads the whole of stdin; false when it exceeds the limit.
bool read_all(std::FILE* in, std::string& out) {
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) {
    if (out.size() + n > kMaxInputBytes) return false;
    out.append(buf, n);
  }
  return true;
}

// Engines by catalog, so a --jsonl stream with many requests over few
// catalogs loads each catalog once. Bounded so a stream of distinct catalogs
// cannot grow memory without limit.
class EngineCache {
 public:
  // The quote for one request line, identical to checkout::quote_request(line).
  // Only the success path is cached: whenever anything is off (bad JSON, bad
  // shape, a catalog or cart error) the line goes through quote_request
  // itself, so errors are reported exactly as the one-shot API reports them.
  Result<std::string> quote(std::string_view line) {
    Result<std::string> fast = try_cached(line);
    if (fast.ok()) return fast;
    if (fast.error().code == kReturns.code) return checkout::returns_request(line);
    return checkout::quote_request(line);
  }

 private:
  static constexpr size_t kMaxEngines = 64;
  inline static const Error kReturns{"returns", "", ""};  // marks a return request
  std::map<std::string, Engine> engines_;  // key: canonical catalog JSON

  Result<std::string> try_cached(std::string_view line) {
    const Error not_cached{"not_cached", "", ""};
    checkout::Json request;
    try {
      request = checkout::parse_json_strict(line);
    } catch (const checkout::InputError&) {
      return not_cached;
    }
    if (request.is_object() && request.contains("order")) return kReturns;
    if (!request.is_object() || !request.contains("catalog")) return not_cached;
    checkout::Json cart_and_context = checkout::Json::object();
    for (const auto& item : request.items()) {
      if (item.key() == "cart" || item.key() == "context") {
        cart_and_context[item.key()] = item.value();
      } else if (item.key() != "catalog") {
        return not_cached;  // unknown field: let quote_request word the error
      }
    }
    const checkout::Json& catalog = request["catalog"];
    std::string key = checkout::canonical_dump(catalog);
    auto it = engines_.find(key);
    if (it == engines_.end()) {
      Result<Engine> loaded = Engine::load(catalog, "/catalog");
      if (!loaded.ok()) return not_cached;
      if (engines_.size() >= kMaxEngines) engines_.clear();
      it = engines_.emplace(std::move(key), std::move(loaded.value())).first;
    }
    return it->second.quote(cart_and_context);
  }
};

int run_single() {
  std::string input;
  if (!read_all(stdin, input)) {
    write_line(checkout::error_json(kTooLarge));
    return kExitBadInput;
  }
  EngineCache one;
  Result<std::string> r = one.quote(input);
  if (r.ok()) {
    write_line(r.value());
    return kExitOk;
  }
  write_line(checkout::error_json(r.error()));
  return kExitBadInput;
}

int run_jsonl() {
  EngineCache cache;
  LineReader reader(stdin);
  std::string line;
  bool too_large = false;
  while (reader.next(line, too_large)) {
    if (too_large) {
      write_line(checkout::error_json(kTooLarge));
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF input
    Result<std::string> r = cache.quote(line);
    write_line(r.ok() ? r.value() : checkout::error_json(r.error()));
  }
  return kExitOk;
}

void usage() {
  std::fputs(
      "usage: checkout-cli [--jsonl]\n"
      "  reads a request {\"catalog\",\"cart\",\"context\"} on stdin and writes its quote;\n"
      "  a request with \"order\" is a return: its refund quote (an exchange with \"cart\").\n"
      "  --jsonl  one request per line in, one result line per request out\n",
      stderr);
}

}  // namespace

int main(int argc, char** argv) {
  bool jsonl = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--jsonl") == 0) {
      jsonl = true;
    } else {
      usage();
      return kExitUsage;
    }
  }
  // The core reports bad input as values; anything caught here is a bug or
  // out-of-memory, and still ends as one JSON line rather than a crash.
  try {
    int code = jsonl ? run_jsonl() : run_single();
    std::fflush(stdout);
    return code;
  } catch (...) {
    write_line(checkout::error_json(Error{"internal", "Internal error.", ""}));
    std::fflush(stdout);
    return kExitInternal;
  }
}
