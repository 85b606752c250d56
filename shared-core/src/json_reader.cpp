#include "json_reader.h"

#include <algorithm>
#include <limits>

#include "civil_time.h"
#include "error.h"

namespace checkout {
namespace {

size_t count_code_points(const std::string& s) {
  size_t n = 0;
  for (char c : s) {
    // Count every byte that is not a UTF-8 continuation byte (10xxxxxx).
    if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
  }
  return n;
}

std::string unescape_token(std::string_view token) {
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string join_choices(std::initializer_list<std::string_view> choices) {
  std::string out;
  for (std::string_view c : choices) {
    if (!out.empty()) out += ", ";
    out += '"';
    out += c;
    out += '"';
  }
  return out;
}

}  // namespace

JsonReader::JsonReader(const Json& node, std::string path) : node_(&node), path_(std::move(path)) {}

std::string JsonReader::child_path(std::string_view key) const { return path_ + "/" + pointer_token(key); }

std::string JsonReader::child_path(size_t index) const { return path_ + "/" + std::to_string(index); }

std::string JsonReader::label() const {
  size_t slash = path_.rfind('/');
  if (slash == std::string::npos) return "The document";
  std::string last = unescape_token(std::string_view(path_).substr(slash + 1));
  if (!all_digits(last)) return last;
  size_t parent_slash = slash == 0 ? std::string::npos : path_.rfind('/', slash - 1);
  std::string parent = parent_slash == std::string::npos
                           ? std::string()
                           : unescape_token(std::string_view(path_).substr(parent_slash + 1, slash - parent_slash - 1));
  return parent.empty() ? "item " + last : "item " + last + " of " + parent;
}

void JsonReader::wrong_type(const char* expected) const {
  fail(err::wrong_type, label() + " must be " + expected + ".", path_);
}

void JsonReader::expect_object() const {
  if (!node_->is_object()) wrong_type("an object");
}

void JsonReader::expect_only(std::initializer_list<std::string_view> allowed) const {
  expect_object();
  for (const auto& item : node_->items()) {
    const std::string& key = item.key();
    if (std::find(allowed.begin(), allowed.end(), std::string_view(key)) == allowed.end()) {
      fail(err::unknown_field, "Unknown field \"" + key + "\".", child_path(key));
    }
  }
}

bool JsonReader::has(std::string_view key) const {
  expect_object();
  return node_->find(std::string(key)) != node_->end();
}

JsonReader JsonReader::field(std::string_view key) const {
  expect_object();
  auto it = node_->find(std::string(key));
  if (it == node_->end()) {
    fail(err::missing_field, "Missing required field \"" + std::string(key) + "\".", child_path(key));
  }
  return JsonReader(*it, child_path(key));
}

std::optional<JsonReader> JsonReader::optional_field(std::string_view key) const {
  expect_object();
  auto it = node_->find(std::string(key));
  if (it == node_->end()) return std::nullopt;
  return JsonReader(*it, child_path(key));
}

std::vector<std::pair<std::string, JsonReader>> JsonReader::entries(size_t max_entries) const {
  expect_object();
  if (node_->size() > max_entries) {
    fail(err::too_many, label() + " has more than " + std::to_string(max_entries) + " entries.", path_);
  }
  std::vector<std::pair<std::string, JsonReader>> out;
  out.reserve(node_->size());
  for (const auto& item : node_->items()) out.emplace_back(item.key(), JsonReader(item.value(), child_path(item.key())));
  return out;
}

std::vector<JsonReader> JsonReader::items(size_t min_items, size_t max_items) const {
  if (!node_->is_array()) wrong_type("an array");
  if (node_->size() > max_items) {
    fail(err::too_many, label() + " has more than " + std::to_string(max_items) + " items.", path_);
  }
  if (node_->size() < min_items) {
    fail(err::invalid_value,
         label() + " needs at least " + std::to_string(min_items) + " item" + (min_items == 1 ? "." : "s."), path_);
  }
  std::vector<JsonReader> out;
  out.reserve(node_->size());
  for (size_t i = 0; i < node_->size(); ++i) out.emplace_back((*node_)[i], child_path(i));
  return out;
}

int64_t JsonReader::as_int(int64_t min, int64_t max) const {
  // Built only for a message: this runs for every number of every request.
  const auto range = [&] { return " from " + std::to_string(min) + " to " + std::to_string(max); };
  if (node_->is_number_float()) {
    // Also what nlohmann makes of integers beyond 64 bits.
    fail(err::wrong_type, label() + " must be a whole number" + range() + ", not a decimal number.", path_);
  }
  if (!node_->is_number_integer()) wrong_type(("a whole number" + range()).c_str());
  int64_t value = 0;
  if (node_->is_number_unsigned()) {
    uint64_t u = node_->get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      fail(err::invalid_value, label() + " must be a whole number" + range() + ".", path_);
    }
    value = static_cast<int64_t>(u);
  } else {
    value = node_->get<int64_t>();
  }
  if (value < min || value > max) fail(err::invalid_value, label() + " must be a whole number" + range() + ".", path_);
  return value;
}

int32_t JsonReader::as_int32(int32_t min, int32_t max) const { return static_cast<int32_t>(as_int(min, max)); }

bool JsonReader::as_bool() const {
  if (!node_->is_boolean()) wrong_type("true or false");
  return node_->get<bool>();
}

std::string JsonReader::as_text(size_t max_length) const {
  if (!node_->is_string()) wrong_type("a string");
  std::string s = node_->get<std::string>();
  if (count_code_points(s) > max_length) {
    fail(err::invalid_value, label() + " is longer than " + std::to_string(max_length) + " characters.", path_);
  }
  return s;
}

std::string JsonReader::as_normalised(size_t max_length, std::string (*normalise)(std::string_view)) const {
  if (!node_->is_string()) wrong_type("a string");
  std::string s = normalise(node_->get_ref<const std::string&>());
  if (count_code_points(s) > max_length) {
    fail(err::invalid_value, label() + " is longer than " + std::to_string(max_length) + " characters.", path_);
  }
  return s;
}

std::string JsonReader::as_string(size_t max_length) const {
  std::string s = as_text(max_length);
  if (s.empty()) fail(err::invalid_value, label() + " must not be empty.", path_);
  return s;
}

std::string JsonReader::as_enum(std::initializer_list<std::string_view> choices) const {
  if (!node_->is_string()) wrong_type(("one of " + join_choices(choices)).c_str());
  std::string s = node_->get<std::string>();
  if (std::find(choices.begin(), choices.end(), std::string_view(s)) == choices.end()) {
    fail(err::invalid_value, label() + " must be one of " + join_choices(choices) + ".", path_);
  }
  return s;
}

std::vector<std::string> JsonReader::as_string_list(size_t max_items, size_t max_length, ListOrder order) const {
  std::vector<JsonReader> elements = items(0, max_items);
  std::vector<std::pair<std::string, size_t>> values;  // (value, index in the document)
  values.reserve(elements.size());
  for (size_t i = 0; i < elements.size(); ++i) values.emplace_back(elements[i].as_string(max_length), i);
  if (order != ListOrder::AsGiven) {
    // The (value, index) pairs are distinct, so the order is total.
    std::sort(values.begin(), values.end());
    for (size_t i = 1; i < values.size(); ++i) {
      if (values[i].first == values[i - 1].first && order == ListOrder::SortedNoDuplicates) {
        fail(err::duplicate_id, "\"" + values[i].first + "\" is listed twice in " + label() + ".",
             child_path(values[i].second));
      }
    }
  }
  std::vector<std::string> out;
  out.reserve(values.size());
  for (auto& v : values) {
    if (order == ListOrder::SortedUnique && !out.empty() && out.back() == v.first) continue;
    out.push_back(std::move(v.first));
  }
  return out;
}

Rate JsonReader::as_percent(int64_t max_percent) const {
  const std::string what = " must be a percentage from 0 to " + std::to_string(max_percent) +
                           " as a decimal string with at most 6 decimals (\"8.875\") or a whole number";
  if (node_->is_number_integer()) {
    int64_t whole = as_int(0, max_percent);
    return Rate{whole * (kRateOne / 100)};
  }
  if (node_->is_number_float()) fail(err::wrong_type, label() + what + ", not a JSON decimal number.", path_);
  if (!node_->is_string()) fail(err::wrong_type, label() + what + ".", path_);
  std::optional<Rate> rate = parse_percent(node_->get_ref<const std::string&>(), max_percent);
  if (!rate) fail(err::invalid_value, label() + what + ".", path_);
  return *rate;
}

int64_t JsonReader::as_instant() const {
  if (!node_->is_string()) wrong_type("an RFC 3339 instant such as \"2026-11-22T14:03:00Z\"");
  std::optional<int64_t> t = parse_rfc3339(node_->get_ref<const std::string&>());
  if (!t) fail(err::invalid_value, label() + " must be an RFC 3339 instant such as \"2026-11-22T14:03:00Z\".", path_);
  return *t;
}

int32_t JsonReader::as_date() const {
  if (!node_->is_string()) wrong_type("a date such as \"2026-12-25\"");
  std::optional<int32_t> d = parse_date(node_->get_ref<const std::string&>());
  if (!d) fail(err::invalid_value, label() + " must be a date such as \"2026-12-25\".", path_);
  return *d;
}

int32_t JsonReader::as_time_of_day() const {
  if (!node_->is_string()) wrong_type("a time of day such as \"09:30\"");
  std::optional<int32_t> m = parse_hhmm(node_->get_ref<const std::string&>());
  if (!m) fail(err::invalid_value, label() + " must be a time of day from \"00:00\" to \"24:00\".", path_);
  return *m;
}

std::string JsonReader::as_country() const {
  if (!node_->is_string()) wrong_type("a two-letter ISO country code such as \"US\"");
  const std::string& s = node_->get_ref<const std::string&>();
  bool ok = s.size() == 2 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!ok) {
    fail(err::invalid_value, label() + " must be a two-letter upper-case ISO country code such as \"US\".", path_);
  }
  return s;
}

int64_t JsonReader::int_or(std::string_view key, int64_t min, int64_t max, int64_t fallback) const {
  auto f = optional_field(key);
  return f ? f->as_int(min, max) : fallback;
}

int32_t JsonReader::int32_or(std::string_view key, int32_t min, int32_t max, int32_t fallback) const {
  auto f = optional_field(key);
  return f ? f->as_int32(min, max) : fallback;
}

bool JsonReader::bool_or(std::string_view key, bool fallback) const {
  auto f = optional_field(key);
  return f ? f->as_bool() : fallback;
}

std::string JsonReader::text_or(std::string_view key, size_t max_length, std::string fallback) const {
  auto f = optional_field(key);
  return f ? f->as_text(max_length) : std::move(fallback);
}

std::string JsonReader::enum_or(std::string_view key, std::initializer_list<std::string_view> choices,
                                std::string fallback) const {
  auto f = optional_field(key);
  return f ? f->as_enum(choices) : std::move(fallback);
}

std::string trim_spaces(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  size_t begin = 0, end = s.size();
  while (begin < end && is_space(s[begin])) ++begin;
  while (end > begin && is_space(s[end - 1])) --end;
  return std::string(s.substr(begin, end - begin));
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace checkout
