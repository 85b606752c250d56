// Strict parsing of request bodies, before anything else looks at them:
// nesting deeper than 32, duplicate keys and non-integer numbers are refused
// while parsing (nlohmann/json alone has no depth limit and keeps one of two
// duplicate keys), so no later copy, dump or compare can recurse too deep.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace server {

struct BodyError {
  std::string code;     // malformed_json | too_deep | duplicate_key | wrong_type | overflow
  std::string message;
  std::string path;     // JSON Pointer
};

struct ParsedBody {
  nlohmann::json value;
  std::optional<BodyError> error;
};

constexpr int32_t kMaxBodyDepth = 32;

ParsedBody parse_body(std::string_view text, int32_t max_depth = kMaxBodyDepth);

// JSON Pointer escaping of one reference token ("a/b" -> "a~1b").
std::string pointer_token(std::string_view key);

}  // namespace server
