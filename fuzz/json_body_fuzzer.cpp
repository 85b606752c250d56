// libFuzzer target: the server's strict body parser (server-stub/app/json_body.h),
// the first thing every POST goes through, checked against the core's own
// strict parser (shared-core/src/json_strict.h), which the same body meets
// next. Oracles:
//  - a body the server accepts, the core accepts too, with the same value;
//    and its dump parses back to the same value (no lossy round trip);
//  - a body the core accepts but the server refuses can only hold a float
//    (wrong_type): the server refuses those up front;
//  - an integer beyond 64 bits is an overflow for both;
//  - an error has a known code and a JSON Pointer path.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "error.h"
#include "json_body.h"
#include "json_strict.h"

namespace {

[[noreturn]] void violated(const char* what, const std::string& detail = "") {
  std::fprintf(stderr, "\n*** fuzz oracle violated: %s\n%s\n", what, detail.substr(0, 2000).c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const server::ParsedBody body = server::parse_body(text);
  std::optional<checkout::Json> core;
  std::string core_code;
  try {
    core = checkout::parse_json_strict(text);
  } catch (const checkout::InputError& e) {
    core_code = e.error().code;
  }

  if (body.error) {
    static const std::set<std::string> kCodes = {"malformed_json", "too_deep", "duplicate_key", "wrong_type",
                                                 "overflow"};
    if (!kCodes.count(body.error->code)) violated("unknown error code", body.error->code);
    if (!body.error->path.empty() && body.error->path[0] != '/') violated("path is not a JSON Pointer", body.error->path);
    if (core && body.error->code != "wrong_type") {
      violated("the server refuses what the core accepts", body.error->code + ": " + body.error->message);
    }
    if (body.error->code == "overflow" && core) violated("an overflow for the server is a number for the core");
    return 0;
  }
  if (!core) violated("the server accepts what the core refuses", core_code);
  if (*core != body.value) violated("the server and the core read different values", body.value.dump());
  const std::string dumped = body.value.dump();
  const server::ParsedBody again = server::parse_body(dumped);
  if (again.error || again.value != body.value) violated("dump does not parse back to the same value", dumped);
  return 0;
}
