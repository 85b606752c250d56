// The core's strict JSON reader, for anyone who must read a document by the
// same rules the core does (the server reads request bodies with it, so a
// body is refused with the same code, message and path on both sides).
//
// Refused: malformed JSON or invalid UTF-8 ("malformed_json", path "" and
// the byte offset in the message), nesting deeper than max_depth
// ("too_deep"), a key twice in one object ("duplicate_key"), an integer
// beyond 64 bits ("overflow"), a document over max_bytes ("too_large"),
// anything but whitespace after the document, a NUL byte included
// ("trailing_bytes", path "").
// Paths are JSON Pointers. Floats are accepted here: each reader decides
// whether a number may be one, and says where it may not.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "checkout/result.h"

namespace checkout {

struct JsonLimits {
  int32_t max_depth = 32;         // nesting of arrays/objects
  uint64_t max_bytes = 8u << 20;  // whole document
};

Result<nlohmann::json> parse_strict_json(std::string_view text, const JsonLimits& limits = {});

// JSON Pointer escaping of one reference token ("a/b" -> "a~1b").
std::string pointer_token(std::string_view key);

}  // namespace checkout
