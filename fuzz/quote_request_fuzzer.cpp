// libFuzzer target: the one-shot engine call checkout::quote_request, i.e.
// strict JSON parsing, the catalog and request loaders, every pricing stage
// and the quote writer, on arbitrary bytes (seeds: tests/golden requests).
// Beyond sanitizer reports it checks the oracles of quote_oracles.h and that
// the same bytes give the same answer twice.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "checkout/engine.h"
#include "quote_oracles.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view request(reinterpret_cast<const char*>(data), size);
  const checkout::Result<std::string> first = checkout::quote_request(request);
  fuzz::check_result(first);
  const checkout::Result<std::string> second = checkout::quote_request(request);
  if (fuzz::answer_text(first) != fuzz::answer_text(second)) {
    fuzz::violated("same request, different answers", fuzz::answer_text(first) + "\n---\n" + fuzz::answer_text(second));
  }
  return 0;
}
