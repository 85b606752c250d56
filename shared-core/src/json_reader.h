// A typed, path-aware view of one node of a parsed JSON document. Every read
// either returns a validated C++ value or throws InputError (error.h) whose
// path is the JSON Pointer of the offending node, so the loaders can say
// exactly where a request is wrong.
//
// Codes: missing_field, wrong_type, invalid_value, unknown_field, too_many,
// duplicate_id.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_strict.h"
#include "money.h"

namespace checkout {

// How a list of strings is normalised.
enum class ListOrder : uint8_t {
  AsGiven,             // order and duplicates kept
  SortedUnique,        // a set: sorted, duplicates dropped
  SortedNoDuplicates,  // ids: sorted, a duplicate is a "duplicate_id" error
};

class JsonReader {
 public:
  // `node` must outlive the reader; `path` is its JSON Pointer ("" = root).
  JsonReader(const Json& node, std::string path);

  const Json& json() const { return *node_; }
  const std::string& path() const { return path_; }
  std::string child_path(std::string_view key) const;
  std::string child_path(size_t index) const;

  // --- objects ---
  void expect_object() const;
  // An object whose keys are all in `allowed`; the first other key (in key
  // order) is an "unknown_field" error at that key's path.
  void expect_only(std::initializer_list<std::string_view> allowed) const;
  bool has(std::string_view key) const;
  JsonReader field(std::string_view key) const;  // "missing_field" when absent
  std::optional<JsonReader> optional_field(std::string_view key) const;
  // An object used as a map (e.g. stock {sku: units}), entries in key order.
  std::vector<std::pair<std::string, JsonReader>> entries(size_t max_entries) const;

  // --- arrays ---
  // Fewer than `min_items` is "invalid_value", more than `max_items` "too_many".
  std::vector<JsonReader> items(size_t min_items, size_t max_items) const;

  // --- scalars ---
  // A JSON integer in [min, max]. Floats (even 2.0) are "wrong_type": they are
  // how two checkouts end up disagreeing.
  int64_t as_int(int64_t min, int64_t max) const;
  int32_t as_int32(int32_t min, int32_t max) const;
  bool as_bool() const;
  // A string of 1..max_length characters (code points).
  std::string as_string(size_t max_length) const;
  // Like as_string but "" is allowed.
  std::string as_text(size_t max_length) const;
  // A string passed through `normalise` (identifiers.h), then measured:
  // "" is allowed, more than max_length characters is "invalid_value".
  std::string as_normalised(size_t max_length, std::string (*normalise)(std::string_view)) const;
  // One of `choices`, else "invalid_value" naming them.
  std::string as_enum(std::initializer_list<std::string_view> choices) const;
  std::vector<std::string> as_string_list(size_t max_items, size_t max_length, ListOrder order) const;
  // A percentage: decimal string ("8.875") or JSON integer (10), 0..max_percent.
  Rate as_percent(int64_t max_percent = 100) const;
  int64_t as_instant() const;        // RFC 3339 -> unix seconds
  int32_t as_date() const;           // "YYYY-MM-DD" -> days since epoch
  int32_t as_time_of_day() const;    // "HH:MM" -> minutes, 0..1440
  std::string as_country() const;    // ISO 3166-1 alpha-2, upper case as given

  // --- optional fields with defaults ---
  int64_t int_or(std::string_view key, int64_t min, int64_t max, int64_t fallback) const;
  int32_t int32_or(std::string_view key, int32_t min, int32_t max, int32_t fallback) const;
  bool bool_or(std::string_view key, bool fallback) const;
  std::string text_or(std::string_view key, size_t max_length, std::string fallback = "") const;
  std::string enum_or(std::string_view key, std::initializer_list<std::string_view> choices,
                      std::string fallback) const;

  // A human name for this node in messages: its key, or "item N of <key>".
  std::string label() const;

 private:
  [[noreturn]] void wrong_type(const char* expected) const;
  const Json* node_;
  std::string path_;
};

// ASCII whitespace trimmed from both ends.
std::string trim_spaces(std::string_view s);
// ASCII letters case-mapped; other bytes (UTF-8 included) unchanged.
std::string ascii_upper(std::string_view s);
std::string ascii_lower(std::string_view s);

}  // namespace checkout
