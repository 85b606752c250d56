// Shared pieces of the JSON API: responses in the error shape
// {"error":{"code","message","path","params"?}}, body validation, ids.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "checkout/error.h"
#include "checkout/strict_json.h"
#include "checkout/utf8.h"
#include "http_server.h"

namespace server {

using Json = nlohmann::json;

// Serialises for a response. Never throws: a string that is not valid UTF-8
// (which the boundary checks should already have refused) is written with
// U+FFFD instead of aborting the request with nlohmann's type_error.
std::string dump_json(const Json& j);
// True when `s` is well-formed UTF-8: the core's definition, which its JSON
// writer enforces too.
using checkout::is_valid_utf8;

http::Response json_response(int status, const Json& body);
// For bodies that embed the engine's canonical quote text unchanged.
http::Response raw_json_response(int status, std::string body);
// Every error the server answers is built here:
//   {"error": {"code", "message", "path", "params"?}}
// `params` names what the English message is about, so a client can say it in
// the shopper's language by code (docs/api.md, "Errors"): counts and amounts as
// integers (amounts in minor units, with "currency"), SKUs, store ids, countries
// as text, instants as RFC 3339 text. Left out when the message names nothing.
Json error_body(const std::string& code, const std::string& message, const std::string& path = "",
                const Json& params = Json::object());
http::Response api_error(int status, const std::string& code, const std::string& message, const std::string& path = "",
                         const Json& params = Json::object());
// A 429 that says how long to wait, in the Retry-After header and as params.retry_after.
http::Response retry_later(const std::string& code, const std::string& message, int64_t seconds, const std::string& path = "");
// 400 at /query/limit: "limit must be 1..max."
http::Response limit_out_of_range(int64_t max);
Json params_json(const std::vector<checkout::Param>& params);
http::Response engine_error(const checkout::Error& e);  // 400, the core's code, message, path and params
using checkout::pointer_token;

// `object` serialised with raw JSON texts appended as further members
// (e.g. the quote exactly as the core wrote it).
std::string with_raw_members(const Json& object, const std::vector<std::pair<std::string, const std::string*>>& raw);

// Body checks. Each returns an error response when the check fails.
std::optional<http::Response> expect_object(const Json& value, const std::string& path,
                                            std::initializer_list<const char*> allowed,
                                            std::initializer_list<const char*> required);
std::optional<http::Response> expect_string(const Json& object, const char* key, const std::string& path,
                                            size_t max_length, bool required);

// "ord_" + 26 base32 characters from the OS's random source: order ids are
// capabilities (whoever has one can read the order), so they are unguessable.
std::string random_id(const std::string& prefix);

// Lower-cased, trimmed: the per-customer usage key.
std::string email_key(const std::string& email);
bool plausible_email(const std::string& email);

}  // namespace server
