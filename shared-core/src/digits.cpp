#include "checkout/digits.h"

#include "checkout/codes.h"

namespace checkout {
namespace {

// A digit block of Unicode: the UTF-8 bytes of its zero, all but the last
// shared by its ten digits, which follow one another in the last byte.
struct DigitBlock {
  unsigned char lead[2];
  size_t lead_size;
  unsigned char zero_last;
};

constexpr DigitBlock kBlocks[] = {
    {{0xDB, 0}, 1, 0xB0},     // U+06F0..06F9 Extended Arabic-Indic (Persian, Urdu)
    {{0xD9, 0}, 1, 0xA0},     // U+0660..0669 Arabic-Indic
    {{0xEF, 0xBC}, 2, 0x90},  // U+FF10..FF19 Full-width
};

constexpr unsigned char kFullWidthHyphen[] = {0xEF, 0xBC, 0x8D};  // U+FF0D

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::string normalize_digits(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    bool replaced = false;
    for (const DigitBlock& b : kBlocks) {
      const size_t len = b.lead_size + 1;
      if (i + len > n) continue;
      bool lead = true;
      for (size_t k = 0; k < b.lead_size; ++k) lead = lead && s[i + k] == b.lead[k];
      const unsigned char last = s[i + b.lead_size];
      if (lead && last >= b.zero_last && last <= b.zero_last + 9) {
        out.push_back(static_cast<char>('0' + (last - b.zero_last)));
        i += len;
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    if (i + 3 <= n && s[i] == kFullWidthHyphen[0] && s[i + 1] == kFullWidthHyphen[1] && s[i + 2] == kFullWidthHyphen[2]) {
      out.push_back('-');
      i += 3;
      continue;
    }
    out.push_back(static_cast<char>(s[i]));
    ++i;
  }
  return out;
}

Result<int64_t> read_quantity(std::string_view text) {
  const std::string ascii = normalize_digits(text);
  std::string_view s = ascii;
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  if (s.empty() || s.size() > 7) {
    return Error{err::invalid_quantity, "A quantity is a whole number of up to 7 digits.", ""};
  }
  int64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return Error{err::invalid_quantity, "A quantity is a whole number of up to 7 digits.", ""};
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace checkout
