#include "order_number.h"

#include <random>

namespace server {
namespace {

// 32 symbols: digits 2-9 and letters without I and O, so nothing is misread.
constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
constexpr size_t kSymbols = 6;

}  // namespace

std::string random_order_number() {
  std::random_device rd;  // the OS's CSPRNG on Linux (getrandom)
  std::string out;
  for (size_t i = 0; i < kSymbols; ++i) {
    if (i == kSymbols / 2) out += '-';
    out += kAlphabet[rd() & 31u];
  }
  return out;
}

std::optional<std::string> normal_order_number(std::string_view typed) {
  std::string symbols;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (kAlphabet.find(c) == std::string_view::npos || symbols.size() == kSymbols) return std::nullopt;
    symbols += c;
  }
  if (symbols.size() != kSymbols) return std::nullopt;
  return symbols.substr(0, kSymbols / 2) + "-" + symbols.substr(kSymbols / 2);
}

}  // namespace server
