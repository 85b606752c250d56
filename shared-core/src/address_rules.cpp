#include "checkout/address_rules.h"

#include <cstdint>
#include <iterator>
#include <string>

#include "checkout/codes.h"
#include "checkout/digits.h"

namespace checkout {
namespace {

// A region of a country: its ISO 3166-2 subdivision code (without the
// country) and the English name messages use.
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

// Canada's provinces and territories.
constexpr State kCaProvinces[] = {
    {"AB", "Alberta"},      {"BC", "British Columbia"}, {"MB", "Manitoba"},
    {"NB", "New Brunswick"}, {"NL", "Newfoundland and Labrador"}, {"NS", "Nova Scotia"},
    {"NT", "Northwest Territories"}, {"NU", "Nunavut"}, {"ON", "Ontario"},
    {"PE", "Prince Edward Island"}, {"QC", "Quebec"}, {"SK", "Saskatchewan"}, {"YT", "Yukon"},
};

// Canada Post's first letters (the postal district) per province. X serves
// both Northwest Territories and Nunavut, so either is right for it.
struct District {
  char letter;
  const char* provinces[2];
};
constexpr District kCaDistricts[] = {
    {'A', {"NL", nullptr}}, {'B', {"NS", nullptr}}, {'C', {"PE", nullptr}}, {'E', {"NB", nullptr}},
    {'G', {"QC", nullptr}}, {'H', {"QC", nullptr}}, {'J', {"QC", nullptr}}, {'K', {"ON", nullptr}},
    {'L', {"ON", nullptr}}, {'M', {"ON", nullptr}}, {'N', {"ON", nullptr}}, {'P', {"ON", nullptr}},
    {'R', {"MB", nullptr}}, {'S', {"SK", nullptr}}, {'T', {"AB", nullptr}}, {'V', {"BC", nullptr}},
    {'X', {"NT", "NU"}},    {'Y', {"YT", nullptr}},
};

// ISO 3166-2:AM, the marzer and Yerevan.
constexpr State kAmMarzer[] = {
    {"ER", "Yerevan"}, {"AG", "Aragatsotn"}, {"AR", "Ararat"},  {"AV", "Armavir"}, {"GR", "Gegharkunik"},
    {"KT", "Kotayk"},  {"LO", "Lori"},       {"SH", "Shirak"},  {"SU", "Syunik"},  {"TV", "Tavush"},
    {"VD", "Vayots Dzor"},
};

// ISO 3166-2:CN (2017 codes), the 31 mainland province-level divisions.
constexpr State kCnProvinces[] = {
    {"BJ", "Beijing"}, {"TJ", "Tianjin"},  {"HE", "Hebei"},    {"SX", "Shanxi"},  {"NM", "Inner Mongolia"},
    {"LN", "Liaoning"}, {"JL", "Jilin"},   {"HL", "Heilongjiang"}, {"SH", "Shanghai"}, {"JS", "Jiangsu"},
    {"ZJ", "Zhejiang"}, {"AH", "Anhui"},   {"FJ", "Fujian"},   {"JX", "Jiangxi"}, {"SD", "Shandong"},
    {"HA", "Henan"},   {"HB", "Hubei"},    {"HN", "Hunan"},    {"GD", "Guangdong"}, {"GX", "Guangxi"},
    {"HI", "Hainan"},  {"CQ", "Chongqing"}, {"SC", "Sichuan"}, {"GZ", "Guizhou"}, {"YN", "Yunnan"},
    {"XZ", "Tibet"},   {"SN", "Shaanxi"},  {"GS", "Gansu"},    {"QH", "Qinghai"}, {"NX", "Ningxia"},
    {"XJ", "Xinjiang"},
};

// ISO 3166-2:IR, the 31 provinces (ostan), numbered.
constexpr State kIrProvinces[] = {
    {"01", "East Azerbaijan"}, {"02", "West Azerbaijan"}, {"03", "Ardabil"}, {"04", "Isfahan"},
    {"05", "Ilam"},            {"06", "Bushehr"},         {"07", "Tehran"},  {"08", "Chaharmahal and Bakhtiari"},
    {"09", "Razavi Khorasan"}, {"10", "Khuzestan"},       {"11", "Zanjan"},  {"12", "Semnan"},
    {"13", "Sistan and Baluchestan"}, {"14", "Fars"},     {"15", "Kerman"},  {"16", "Kurdistan"},
    {"17", "Kermanshah"},      {"18", "Kohgiluyeh and Boyer-Ahmad"}, {"19", "Gilan"}, {"20", "Lorestan"},
    {"21", "Mazandaran"},      {"22", "Markazi"},         {"23", "Hormozgan"}, {"24", "Hamadan"},
    {"25", "Yazd"},            {"26", "Qom"},             {"27", "Golestan"}, {"28", "Qazvin"},
    {"29", "South Khorasan"},  {"30", "Alborz"},          {"31", "North Khorasan"},
};

// Postal codes are short; anything longer is refused before it is read.
constexpr size_t kMaxPostalCode = 16;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return c >= 'A' && c <= 'Z'; }

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

// What the shopper typed -> ASCII digits, upper case, trimmed, each run of
// spaces one space: the text every country's matcher reads.
std::string typed_form(std::string_view postal_code) {
  const std::string ascii = upper(normalize_digits(postal_code));
  std::string out;
  for (char c : trim(ascii)) {
    if (!is_space(c)) {
      out.push_back(c);
    } else if (out.back() != ' ') {
      out.push_back(' ');
    }
  }
  return out;
}

// Does `s` match `shape`, one character each: '9' a digit, 'A' a letter, '-' and ' ' themselves?
bool shaped(std::string_view s, std::string_view shape) {
  if (s.size() != shape.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char k = shape[i];
    if (k == '9' ? !is_digit(s[i]) : k == 'A' ? !is_letter(s[i]) : s[i] != k) return false;
  }
  return true;
}

template <size_t N>
const State* find_region(const State (&list)[N], std::string_view code) {
  for (const State& s : list) {
    if (code == s.code) return &s;
  }
  return nullptr;
}

const State* us_state(std::string_view code) { return find_region(kUsStates, code); }

const State* state_for_zip3(int32_t prefix) {
  for (const Zip3Range& r : kZip3) {
    if (prefix < r.first) return nullptr;
    if (prefix <= r.last) return us_state(r.state);
  }
  return nullptr;
}

Error invalid(const std::string& message, const char* path) { return Error{err::invalid_value, message, path}; }
Error bad_postal(const std::string& message) { return Error{err::invalid_postal_code, message, "/postal_code"}; }
// A code of the right shape that no region has: the message names it.
Error unplaced_postal(const std::string& message, const std::string& postal_code) {
  return Error{err::invalid_postal_code, message, "/postal_code", {text_param("postal_code", postal_code)}};
}
Error bad_region(const std::string& region, const char* kind, const char* example) {
  return Error{err::unknown_region, "\"" + region + "\" is not a " + kind + " code such as " + example + ".", "/region",
               {text_param("region", region)}};
}
// The code typed, the region it is in and the region chosen (state codes, e.g. "CA", "NY").
std::vector<Param> mismatch_params(const std::string& postal_code, const State& placed, const State& named) {
  return {text_param("postal_code", postal_code), text_param("placed_region", placed.code), text_param("region", named.code)};
}
Error mismatch(const std::string& postal_code, const State& placed, const State& named) {
  return Error{err::postal_code_mismatch,
               "Postal code " + postal_code + " is in " + placed.name + ", not " + named.name + ".", "/postal_code",
               mismatch_params(postal_code, placed, named)};
}

// "10013", "10013-1234", "100131234" -> "10013" / "10013-1234"; "" when not a ZIP code.
std::string normal_zip(std::string_view s) {
  if (shaped(s, "99999")) return std::string(s);
  if (shaped(s, "999999999")) return std::string(s.substr(0, 5)) + "-" + std::string(s.substr(5));
  if (shaped(s, "99999-9999")) return std::string(s);
  return "";
}

Result<CheckedAddress> check_us(std::string_view region, std::string_view postal_code) {
  CheckedAddress out{"US", "", normal_zip(postal_code)};
  if (out.postal_code.empty()) {
    return bad_postal("A US ZIP code has 5 digits, optionally followed by 4 more (10013 or 10013-1234).");
  }
  const int32_t prefix = (out.postal_code[0] - '0') * 100 + (out.postal_code[1] - '0') * 10 + (out.postal_code[2] - '0');
  const State* placed = state_for_zip3(prefix);
  if (placed == nullptr) return unplaced_postal("ZIP code " + out.postal_code + " is not in any US state.", out.postal_code);
  out.region = placed->code;
  if (region.empty()) return out;
  const State* named = us_state(upper(region));
  if (named == nullptr) return bad_region(std::string(region), "US state", "NY");
  if (named != placed) {
    return Error{err::postal_code_mismatch,
                 "ZIP code " + out.postal_code + " is in " + placed->name + ", not " + named->name + ".",
                 "/postal_code", mismatch_params(out.postal_code, *placed, *named)};
  }
  return out;
}

// Canada Post never uses D F I O Q U (read as other characters), nor W Z as
// the first letter.
bool ca_letter(char c, bool first) {
  const std::string_view never = first ? "DFIOQUWZ" : "DFIOQU";
  return is_letter(c) && never.find(c) == std::string_view::npos;
}

// "K1A 0B1" or "K1A0B1" -> "K1A 0B1"; "" when not a Canadian postal code.
std::string normal_ca(std::string_view s) {
  std::string joined;
  if (shaped(s, "A9A 9A9")) {
    joined = std::string(s.substr(0, 3)) + std::string(s.substr(4));
  } else if (shaped(s, "A9A9A9")) {
    joined = std::string(s);
  } else {
    return "";
  }
  if (!ca_letter(joined[0], true) || !ca_letter(joined[2], false) || !ca_letter(joined[4], false)) return "";
  return joined.substr(0, 3) + " " + joined.substr(3);
}

Result<CheckedAddress> check_ca(std::string_view region, std::string_view postal_code) {
  CheckedAddress out{"CA", "", normal_ca(postal_code)};
  if (out.postal_code.empty()) return bad_postal("A Canadian postal code is letter, digit, letter, digit, letter, digit (K1A 0B1).");
  const District* district = nullptr;
  for (const District& d : kCaDistricts) {
    if (d.letter == out.postal_code[0]) district = &d;
  }
  if (district == nullptr) {
    return unplaced_postal("Postal code " + out.postal_code + " is not in any Canadian province.", out.postal_code);
  }
  // One province: the code places the address there; X (NT or NU) needs the region to say which.
  if (district->provinces[1] == nullptr) out.region = district->provinces[0];
  if (region.empty()) return out;
  const State* named = find_region(kCaProvinces, upper(region));
  if (named == nullptr) return bad_region(std::string(region), "Canadian province", "ON");
  for (const char* p : district->provinces) {
    if (p != nullptr && named->code == std::string_view(p)) {
      out.region = named->code;
      return out;
    }
  }
  return mismatch(out.postal_code, *find_region(kCaProvinces, district->provinces[0]), *named);
}

// A UK postcode: outward code A9, A99, AA9, AA99, A9A or AA9A, a space, and
// the inward code 9AA ("sw1a1aa" -> "SW1A 1AA"); GIR 0AA is Girobank's.
std::string normal_gb(std::string_view s) {
  std::string joined;
  for (char c : s) {
    if (c != ' ') joined.push_back(c);
  }
  if (joined.size() < 5 || joined.size() > 7) return "";
  // A space may only stand before the inward code.
  if (s.size() != joined.size() && (s.size() != joined.size() + 1 || s[s.size() - 4] != ' ')) return "";
  const std::string_view outward = std::string_view(joined).substr(0, joined.size() - 3);
  const std::string_view inward = std::string_view(joined).substr(joined.size() - 3);
  if (!shaped(inward, "9AA")) return "";
  const bool outward_ok = outward == "GIR" || shaped(outward, "A9") || shaped(outward, "A99") ||
                          shaped(outward, "AA9") || shaped(outward, "AA99") || shaped(outward, "A9A") ||
                          shaped(outward, "AA9A");
  if (!outward_ok || (outward == "GIR" && inward != "0AA")) return "";
  return std::string(outward) + " " + std::string(inward);
}

// A country whose postal code is a fixed run of digits (with its one accepted
// other spelling, e.g. Poland's 00950 for 00-950), and its region list if the
// address names one.
struct DigitCountry {
  const char* country;
  const char* shape;        // the normal form, as shaped() reads it
  const char* also;         // another accepted spelling of the same digits, or nullptr
  const char* description;  // for the message
  const State* regions;
  size_t region_count;
  const char* region_kind;
  const char* region_example;
};

constexpr DigitCountry kDigitCountries[] = {
    {"DE", "99999", nullptr, "A German postal code has 5 digits (10115).", nullptr, 0, nullptr, nullptr},
    {"PL", "99-999", "99999", "A Polish postal code is 2 digits, a hyphen and 3 digits (00-950).", nullptr, 0, nullptr,
     nullptr},
    {"AM", "9999", nullptr, "An Armenian postal code has 4 digits (0010).", kAmMarzer, std::size(kAmMarzer),
     "marz of Armenia", "ER"},
    {"CN", "999999", nullptr, "A Chinese postal code has 6 digits (100000).", kCnProvinces, std::size(kCnProvinces),
     "Chinese province", "BJ"},
    {"IR", "9999999999", "99999-99999", "An Iranian postal code has 10 digits (1193653471).", kIrProvinces,
     std::size(kIrProvinces), "province of Iran", "07"},
};

// The typed code in the country's normal form: digits kept, separators put
// where the normal form has them; "" when it is neither spelling.
std::string normal_digits(const DigitCountry& c, std::string_view s) {
  if (shaped(s, c.shape)) return std::string(s);
  if (c.also == nullptr || !shaped(s, c.also)) return "";
  std::string digits;
  for (char ch : s) {
    if (is_digit(ch)) digits.push_back(ch);
  }
  std::string out;
  size_t next = 0;
  for (const char* k = c.shape; *k != '\0'; ++k) out.push_back(*k == '9' ? digits[next++] : *k);
  return out;
}

Result<CheckedAddress> check_digits(const DigitCountry& c, std::string_view region, std::string_view postal_code) {
  CheckedAddress out{c.country, std::string(region), normal_digits(c, postal_code)};
  if (out.postal_code.empty()) return bad_postal(c.description);
  if (c.regions == nullptr || region.empty()) return out;
  const std::string code = upper(region);
  for (size_t i = 0; i < c.region_count; ++i) {
    if (code == c.regions[i].code) {
      out.region = code;
      return out;
    }
  }
  return bad_region(std::string(region), c.region_kind, c.region_example);
}

}  // namespace

Result<CheckedAddress> check_postal_address(std::string_view country, std::string_view region,
                                            std::string_view postal_code) {
  if (country.size() != 2 || !is_letter(country[0]) || !is_letter(country[1])) {
    return invalid("country must be a two-letter upper-case ISO code such as \"US\".", "/country");
  }
  region = trim(region);
  if (trim(postal_code).empty()) return invalid("Enter the postal code.", "/postal_code");
  // Measured on the typed bytes: a long run of Persian digits is still too long.
  if (trim(postal_code).size() > kMaxPostalCode * 3) return invalid("That postal code is too long.", "/postal_code");
  const std::string typed = typed_form(postal_code);
  if (typed.size() > kMaxPostalCode) return invalid("That postal code is too long.", "/postal_code");
  if (country == "US") return check_us(region, typed);
  if (country == "CA") return check_ca(region, typed);
  if (country == "GB") {
    CheckedAddress out{"GB", std::string(region), normal_gb(typed)};
    if (out.postal_code.empty()) return bad_postal("A UK postcode looks like SW1A 1AA, M1 1AE or B33 8TH.");
    return out;
  }
  for (const DigitCountry& c : kDigitCountries) {
    if (country == c.country) return check_digits(c, region, typed);
  }
  // Elsewhere: no pattern is known, only one spelling of the same code ("sw1a  1aa" -> "SW1A 1AA").
  return CheckedAddress{std::string(country), std::string(region), typed};
}

}  // namespace checkout
