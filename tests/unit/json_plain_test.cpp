// The fast path of the strict parser (json_plain.h) accepts only documents the
// full parser accepts, and builds the same DOM with the same number kinds;
// everything else it declines, so the full parser reports the error.
#include "json_plain.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace checkout {
namespace {

// Same value, same types all the way down (nlohmann's == calls 1u and 1 equal).
bool same_dom(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Json::value_t::object: {
      if (a.size() != b.size()) return false;
      auto i = a.begin();
      auto j = b.begin();
      for (; i != a.end(); ++i, ++j) {
        if (i.key() != j.key() || !same_dom(i.value(), j.value())) return false;
      }
      return true;
    }
    case Json::value_t::array:
      if (a.size() != b.size()) return false;
      for (std::size_t k = 0; k < a.size(); ++k) {
        if (!same_dom(a[k], b[k])) return false;
      }
      return true;
    default: return a == b;
  }
}

// The reference: nlohmann's own parser (no rule of ours, but for a document
// without duplicates, floats and deep nesting, the DOM the strict one builds).
enum class Reference { Rejects, Accepts };
Reference check(const std::string& text, int32_t max_depth = 32) {
  const std::optional<Json> plain = parse_plain_json(text, max_depth);
  Json reference;
  bool reference_ok = true;
  try {
    reference = Json::parse(text);
  } catch (const Json::exception&) {
    reference_ok = false;
  }
  if (plain) {
    EXPECT_TRUE(reference_ok) << "accepted what nlohmann refuses: " << text.substr(0, 120);
    if (reference_ok) EXPECT_TRUE(same_dom(*plain, reference)) << "a different DOM for: " << text.substr(0, 120);
  }
  return plain ? Reference::Accepts : Reference::Rejects;
}

TEST(ParsePlainJsonTest, AcceptsPlainDocumentsWithTheFullParsersNumberKinds) {
  EXPECT_EQ(check(R"( {"a": [1, -2, true, false, null, "x"], "b": {"c": {}}, "d": []} )"), Reference::Accepts);
  EXPECT_EQ(check("0"), Reference::Accepts);
  EXPECT_EQ(check("-0"), Reference::Accepts);
  EXPECT_EQ(check("18446744073709551615"), Reference::Accepts);
  EXPECT_EQ(check("-9223372036854775808"), Reference::Accepts);
  EXPECT_EQ(check(R"("a\"b\\c\/d\b\f\n\r\t\u0000\u00e9\u20ac\ud83d\ude00 é €")"), Reference::Accepts);
  EXPECT_EQ(check("\"\xF0\x9F\x98\x80\xEF\xBF\xBF\""), Reference::Accepts);
  const std::optional<Json> n = parse_plain_json("[1, -1, -0]", 32);
  ASSERT_TRUE(n);
  EXPECT_TRUE((*n)[0].is_number_unsigned());
  EXPECT_TRUE((*n)[1].is_number_integer() && !(*n)[1].is_number_unsigned());
  EXPECT_TRUE((*n)[2].is_number_integer() && !(*n)[2].is_number_unsigned());
}

TEST(ParsePlainJsonTest, DeclinesEveryErrorAndEveryFloat) {
  for (const std::string text : std::vector<std::string>{
           "", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "[1 2]", "01", "-", "- 1", "1.5",
           "1e3", "1E3", "-0.0", "tru", "nul", "falsey", "\"abc", "\"a\x01\"", "\"\\x\"", "\"\\u12\"",
           "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\xC0\x80\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"",
           "\"\xE2\x82\"", "18446744073709551616", "-9223372036854775809", "{\"a\":1,\"a\":2}", "[1] x",
           std::string("[1]\0", 4), std::string("[\"a\0\"]", 6), "\xEF\xBB\xBF[1]", "{1:2}", "[-]", "+1",
       }) {
    EXPECT_EQ(check(text), Reference::Rejects) << text;
  }
}

TEST(ParsePlainJsonTest, DeclinesNestingDeeperThanTheLimitAsTheFullParserRefusesIt) {
  const auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  EXPECT_EQ(check(nested(32), 32), Reference::Accepts);
  EXPECT_EQ(check(nested(33), 32), Reference::Rejects);
  EXPECT_EQ(check(nested(2), 1), Reference::Rejects);
  EXPECT_EQ(check("1", 0), Reference::Accepts);
  EXPECT_EQ(check("[]", 0), Reference::Rejects);
  // However high the caller's limit, the fast path stops recursing at 64 levels.
  EXPECT_EQ(check(nested(64), 1000), Reference::Accepts);
  EXPECT_EQ(check(nested(65), 1000), Reference::Rejects);
}

// Byte mutations of a real document: whatever the fast path accepts, nlohmann
// accepts with the same DOM. Deterministic (fixed LCG), so a failure repeats.
TEST(ParsePlainJsonTest, MutatedDocumentsNeverParseDifferently) {
  const std::string base =
      R"({"currency":"USD","products":[{"id":"p1","title":"Caf\u00e9 \"x\"","variants":[{"sku":"A-1","price":1299,)"
      R"("weight_g":-5}]}],"stores":[{"id":"s","stock":{"A-1":3,"B":0},"hours":{"mon":[["09:00","17:00"]]}}],)"
      R"("flags":[true,false,null],"text":"€ \ud83d\ude00 / \\ end"})";
  ASSERT_EQ(check(base), Reference::Accepts);
  static const char kAlphabet[] = "{}[]\",:\\/ 0123456789-+.eEtrufalsn\x01\x7f\x80\xC3\xA9\xED\xF0\x00uabcdef";
  const std::string alphabet(kAlphabet, sizeof kAlphabet - 1);
  uint64_t state = 20261206;
  const auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>(state >> 33);
  };
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(next() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = next() % text.size();
      const char c = alphabet[next() % alphabet.size()];
      switch (next() % 3) {
        case 0: text[at] = c; break;
        case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        default: text.erase(at, 1);
      }
    }
    if (check(text) == Reference::Accepts) ++accepted;
  }
  // Both outcomes must have been exercised for the comparison to mean anything.
  EXPECT_GT(accepted, 100);
  EXPECT_LT(accepted, 19900);
}

}  // namespace
}  // namespace checkout
