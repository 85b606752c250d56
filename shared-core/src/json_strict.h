// Strict JSON in, canonical JSON out.
// nlohmann/json alone accepts duplicate keys (unspecified winner), has no depth
// limit, and silently turns integers beyond 64 bits into doubles; this wrapper
// parses with a SAX handler that enforces all three rules and never throws
// anything but InputError.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "checkout/strict_json.h"  // JsonLimits, pointer_token and the non-throwing parse

namespace checkout {

using Json = nlohmann::json;  // std::map objects: keys come out sorted

// Throws InputError with codes: "malformed_json" (syntax, invalid UTF-8 or a
// NUL byte inside the document; path "" and the byte offset in the message),
// "trailing_bytes" (anything but whitespace after the document, a NUL
// included; path ""), "too_deep", "duplicate_key", "too_large". Path is a
// JSON Pointer to the offending place.
Json parse_json_strict(std::string_view text, const JsonLimits& limits = {});

// Canonical form: sorted keys, no whitespace, UTF-8 passed through unescaped,
// integers only (the core never emits floats).
std::string canonical_dump(const Json& j);

}  // namespace checkout
