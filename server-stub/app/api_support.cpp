#include "api_support.h"

#include <algorithm>
#include <random>

namespace server {

std::string dump_json(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

http::Response json_response(int status, const Json& body) { return raw_json_response(status, dump_json(body)); }

http::Response raw_json_response(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Json error_body(const std::string& code, const std::string& message, const std::string& path, const Json& params) {
  Json error{{"code", code}, {"message", message}, {"path", path}};
  if (params.is_object() && !params.empty()) error["params"] = params;
  return Json{{"error", std::move(error)}};
}

http::Response api_error(int status, const std::string& code, const std::string& message, const std::string& path,
                         const Json& params) {
  return json_response(status, error_body(code, message, path, params));
}

http::Response retry_later(const std::string& code, const std::string& message, int64_t seconds, const std::string& path) {
  http::Response r = api_error(429, code, message, path, Json{{"retry_after", seconds}});
  r.headers.emplace_back("Retry-After", std::to_string(seconds));
  return r;
}

http::Response limit_out_of_range(int64_t max) {
  return api_error(400, "invalid_value", "limit must be 1.." + std::to_string(max) + ".", "/query/limit",
                   Json{{"field", "limit"}, {"min", 1}, {"max", max}});
}

Json params_json(const std::vector<checkout::Param>& params) {
  Json out = Json::object();
  for (const checkout::Param& p : params) out[p.name] = p.is_number ? Json(p.number) : Json(p.text);
  return out;
}

http::Response engine_error(const checkout::Error& e) { return api_error(400, e.code, e.message, e.path, params_json(e.params)); }

std::string with_raw_members(const Json& object, const std::vector<std::pair<std::string, const std::string*>>& raw) {
  std::string out = dump_json(object);
  out.pop_back();  // the closing brace
  bool first = object.empty();
  for (const auto& [key, text] : raw) {
    if (!first) out += ',';
    first = false;
    out += dump_json(Json(key));
    out += ':';
    out += *text;
  }
  out += '}';
  return out;
}

std::optional<http::Response> expect_object(const Json& value, const std::string& path,
                                            std::initializer_list<const char*> allowed,
                                            std::initializer_list<const char*> required) {
  if (!value.is_object()) return api_error(400, "wrong_type", "Expected an object.", path);
  for (auto it = value.begin(); it != value.end(); ++it) {
    const bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* k) { return it.key() == k; });
    if (!known) {
      return api_error(400, "unknown_field", "Unknown field \"" + it.key() + "\".", path + "/" + pointer_token(it.key()),
                       Json{{"field", it.key()}});
    }
  }
  for (const char* k : required) {
    if (!value.contains(k)) {
      return api_error(400, "missing_field", std::string("The field \"") + k + "\" is required.", path + "/" + k,
                       Json{{"field", k}});
    }
  }
  return std::nullopt;
}

std::optional<http::Response> expect_string(const Json& object, const char* key, const std::string& path,
                                            size_t max_length, bool required) {
  auto it = object.find(key);
  const std::string field_path = path + "/" + key;
  if (it == object.end()) {
    if (!required) return std::nullopt;
    return api_error(400, "missing_field", std::string("The field \"") + key + "\" is required.", field_path,
                     Json{{"field", key}});
  }
  if (!it->is_string()) {
    return api_error(400, "wrong_type", std::string("\"") + key + "\" must be a string.", field_path, Json{{"field", key}});
  }
  const std::string& s = it->get_ref<const std::string&>();
  if (required && s.empty()) {
    return api_error(400, "invalid_value", std::string("\"") + key + "\" must not be empty.", field_path,
                     Json{{"field", key}});
  }
  if (s.size() > max_length) {
    return api_error(400, "invalid_value",
                     std::string("\"") + key + "\" is longer than " + std::to_string(max_length) + " bytes.", field_path,
                     Json{{"field", key}, {"max", max_length}});
  }
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      return api_error(400, "invalid_value", std::string("\"") + key + "\" contains control characters.", field_path,
                       Json{{"field", key}});
    }
  }
  return std::nullopt;
}

std::string random_id(const std::string& prefix) {
  static const char* alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  std::random_device rd;  // the OS's CSPRNG on Linux (getrandom)
  std::string out = prefix;
  for (int i = 0; i < 26; ++i) out += alphabet[rd() & 31u];
  return out;
}

std::string email_key(const std::string& email) {
  size_t b = 0, e = email.size();
  while (b < e && (email[b] == ' ' || email[b] == '\t')) ++b;
  while (e > b && (email[e - 1] == ' ' || email[e - 1] == '\t')) --e;
  std::string out = email.substr(b, e - b);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool plausible_email(const std::string& email) {
  const std::string e = email_key(email);
  const size_t at = e.find('@');
  if (at == std::string::npos || at == 0 || at != e.rfind('@')) return false;
  const size_t dot = e.find('.', at);
  return dot != std::string::npos && dot > at + 1 && dot + 1 < e.size() && e.find(' ') == std::string::npos;
}

}  // namespace server
