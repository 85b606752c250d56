#include "identifiers.h"

#include "json_reader.h"

namespace checkout {
namespace {

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::string normalise_postal_code(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (is_ascii_space(c) || c == '-') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

std::string normalise_promotion_code(std::string_view s) { return ascii_upper(trim_spaces(s)); }

std::string normalise_label(std::string_view s) { return ascii_lower(trim_spaces(s)); }

}  // namespace checkout
