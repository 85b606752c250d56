#include "checkout/address_rules.h"

#include <cstdint>
#include <string>

#include "checkout/codes.h"

namespace checkout {
namespace {

struct State {
  const char* code;
  const char* name;
};

// The 50 states and DC; territories (PR, GU, ...) have no shipping rule here.
constexpr State kUsStates[] = {
    {"AK", "Alaska"},         {"AL", "Alabama"},        {"AR", "Arkansas"},       {"AZ", "Arizona"},
    {"CA", "California"},     {"CO", "Colorado"},       {"CT", "Connecticut"},    {"DC", "District of Columbia"},
    {"DE", "Delaware"},       {"FL", "Florida"},        {"GA", "Georgia"},        {"HI", "Hawaii"},
    {"IA", "Iowa"},           {"ID", "Idaho"},          {"IL", "Illinois"},       {"IN", "Indiana"},
    {"KS", "Kansas"},         {"KY", "Kentucky"},       {"LA", "Louisiana"},      {"MA", "Massachusetts"},
    {"MD", "Maryland"},       {"ME", "Maine"},          {"MI", "Michigan"},       {"MN", "Minnesota"},
    {"MO", "Missouri"},       {"MS", "Mississippi"},    {"MT", "Montana"},        {"NC", "North Carolina"},
    {"ND", "North Dakota"},   {"NE", "Nebraska"},       {"NH", "New Hampshire"},  {"NJ", "New Jersey"},
    {"NM", "New Mexico"},     {"NV", "Nevada"},         {"NY", "New York"},       {"OH", "Ohio"},
    {"OK", "Oklahoma"},       {"OR", "Oregon"},         {"PA", "Pennsylvania"},   {"RI", "Rhode Island"},
    {"SC", "South Carolina"}, {"SD", "South Dakota"},   {"TN", "Tennessee"},      {"TX", "Texas"},
    {"UT", "Utah"},           {"VA", "Virginia"},       {"VT", "Vermont"},        {"WA", "Washington"},
    {"WI", "Wisconsin"},      {"WV", "West Virginia"},  {"WY", "Wyoming"},
};

struct Zip3Range {
  int32_t first, last;  // inclusive, the ZIP code's first three digits
  const char* state;
};

// USPS ZIP code prefixes per state, ascending and disjoint (gaps are
// prefixes no state uses: territories, military, unassigned).
constexpr Zip3Range kZip3[] = {
    {5, 5, "NY"},       {10, 27, "MA"},     {28, 29, "RI"},     {30, 38, "NH"},     {39, 49, "ME"},
    {50, 54, "VT"},     {55, 55, "MA"},     {56, 59, "VT"},     {60, 69, "CT"},     {70, 89, "NJ"},
    {100, 149, "NY"},   {150, 196, "PA"},   {197, 199, "DE"},   {200, 200, "DC"},   {201, 201, "VA"},
    {202, 205, "DC"},   {206, 219, "MD"},   {220, 246, "VA"},   {247, 268, "WV"},   {270, 289, "NC"},
    {290, 299, "SC"},   {300, 319, "GA"},   {320, 349, "FL"},   {350, 369, "AL"},   {370, 385, "TN"},
    {386, 397, "MS"},   {398, 399, "GA"},   {400, 427, "KY"},   {430, 459, "OH"},   {460, 479, "IN"},
    {480, 499, "MI"},   {500, 528, "IA"},   {530, 549, "WI"},   {550, 567, "MN"},   {569, 569, "DC"},
    {570, 577, "SD"},   {580, 588, "ND"},   {590, 599, "MT"},   {600, 629, "IL"},   {630, 658, "MO"},
    {660, 679, "KS"},   {680, 693, "NE"},   {700, 714, "LA"},   {716, 729, "AR"},   {730, 732, "OK"},
    {733, 733, "TX"},   {734, 749, "OK"},   {750, 799, "TX"},   {800, 816, "CO"},   {820, 831, "WY"},
    {832, 838, "ID"},   {840, 847, "UT"},   {850, 865, "AZ"},   {870, 884, "NM"},   {885, 885, "TX"},
    {889, 898, "NV"},   {900, 961, "CA"},   {967, 968, "HI"},   {970, 979, "OR"},   {980, 994, "WA"},
    {995, 999, "AK"},
};

constexpr size_t kMaxPostalCode = 16;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

const State* us_state(std::string_view code) {
  for (const State& s : kUsStates) {
    if (code == s.code) return &s;
  }
  return nullptr;
}

const State* state_for_zip3(int32_t prefix) {
  for (const Zip3Range& r : kZip3) {
    if (prefix < r.first) return nullptr;
    if (prefix <= r.last) return us_state(r.state);
  }
  return nullptr;
}

Error invalid(const std::string& message, const char* path) { return Error{err::invalid_value, message, path}; }

// "10013", "10013-1234", "100131234" -> "10013" / "10013-1234"; "" when not a ZIP code.
std::string normal_zip(std::string_view s) {
  auto digits = [&](size_t from, size_t count) {
    for (size_t i = from; i < from + count; ++i) {
      if (!is_digit(s[i])) return false;
    }
    return true;
  };
  if (s.size() == 5 && digits(0, 5)) return std::string(s);
  if (s.size() == 9 && digits(0, 9)) return std::string(s.substr(0, 5)) + "-" + std::string(s.substr(5));
  if (s.size() == 10 && digits(0, 5) && s[5] == '-' && digits(6, 4)) return std::string(s);
  return "";
}

Result<CheckedAddress> check_us(std::string_view region, std::string_view postal_code) {
  CheckedAddress out{"US", "", normal_zip(postal_code)};
  if (out.postal_code.empty()) {
    return invalid("A US ZIP code has 5 digits, optionally followed by 4 more (10013 or 10013-1234).", "/postal_code");
  }
  const int32_t prefix = (out.postal_code[0] - '0') * 100 + (out.postal_code[1] - '0') * 10 + (out.postal_code[2] - '0');
  const State* placed = state_for_zip3(prefix);
  if (placed == nullptr) return invalid("ZIP code " + out.postal_code + " is not in any US state.", "/postal_code");
  out.region = placed->code;
  if (region.empty()) return out;
  const State* named = us_state(upper(region));
  if (named == nullptr) return invalid("\"" + std::string(region) + "\" is not a US state code such as NY.", "/region");
  if (named != placed) {
    return Error{err::postal_code_mismatch,
                 "ZIP code " + out.postal_code + " is in " + placed->name + ", not " + named->name + ".",
                 "/postal_code"};
  }
  return out;
}

}  // namespace

Result<CheckedAddress> check_postal_address(std::string_view country, std::string_view region,
                                            std::string_view postal_code) {
  if (country.size() != 2 || country[0] < 'A' || country[0] > 'Z' || country[1] < 'A' || country[1] > 'Z') {
    return invalid("country must be a two-letter upper-case ISO code such as \"US\".", "/country");
  }
  postal_code = trim(postal_code);
  region = trim(region);
  if (postal_code.empty()) return invalid("Enter the postal code.", "/postal_code");
  if (postal_code.size() > kMaxPostalCode) return invalid("That postal code is too long.", "/postal_code");
  if (country == "US") return check_us(region, postal_code);
  // Elsewhere: one spelling of the same code ("sw1a  1aa" -> "SW1A 1AA").
  CheckedAddress out{std::string(country), std::string(region), ""};
  for (char c : upper(postal_code)) {
    if (is_space(c)) {
      if (out.postal_code.back() != ' ') out.postal_code.push_back(' ');
    } else {
      out.postal_code.push_back(c);
    }
  }
  return out;
}

}  // namespace checkout
