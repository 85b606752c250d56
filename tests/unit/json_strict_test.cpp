// Strict JSON: limits, duplicate keys, number kinds, error codes and paths,
// canonical output and JSON Pointer escaping. Only InputError may escape.
#include "json_strict.h"

#include <gtest/gtest.h>

#include <string>

#include "error.h"

namespace checkout {
namespace {

Error parse_error_of(const std::string& text, const JsonLimits& limits = {}) {
  try {
    parse_json_strict(text, limits);
  } catch (const InputError& e) {
    return e.error();
  }
  ADD_FAILURE() << "expected an InputError for: " << text.substr(0, 80);
  return {};
}

std::string nested_arrays(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

bool is_printable_ascii(const std::string& s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

TEST(ParseJsonStrictTest, BuildsTheDocument) {
  Json j = parse_json_strict(R"( {"a": [1, -2, true, null, "x"], "b": {"c": {}}, "d": []} )");
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.size(), 3u);
  const Json& a = j.at("a");
  ASSERT_EQ(a.size(), 5u);
  EXPECT_EQ(a.at(0).get<uint64_t>(), 1u);
  EXPECT_EQ(a.at(1).get<int64_t>(), -2);
  EXPECT_TRUE(a.at(2).get<bool>());
  EXPECT_TRUE(a.at(3).is_null());
  EXPECT_EQ(a.at(4).get<std::string>(), "x");
  EXPECT_TRUE(j.at("b").at("c").is_object());
  EXPECT_TRUE(j.at("b").at("c").empty());
  EXPECT_TRUE(j.at("d").is_array());
}

TEST(ParseJsonStrictTest, ScalarRootsAreAllowed) {
  EXPECT_EQ(parse_json_strict("42").get<uint64_t>(), 42u);
  EXPECT_EQ(parse_json_strict("\"s\"").get<std::string>(), "s");
  EXPECT_TRUE(parse_json_strict(" null ").is_null());
}

TEST(ParseJsonStrictTest, KeepsNumberKindsAsGiven) {
  Json j = parse_json_strict(
      "[0, 5, -5, 1.5, 2e3, 18446744073709551615, -9223372036854775808, -0]");
  EXPECT_TRUE(j.at(0).is_number_unsigned());
  EXPECT_TRUE(j.at(1).is_number_unsigned());
  EXPECT_TRUE(j.at(2).is_number_integer());
  EXPECT_FALSE(j.at(2).is_number_unsigned());
  EXPECT_TRUE(j.at(3).is_number_float());  // kept; loaders reject it where an integer belongs
  EXPECT_TRUE(j.at(4).is_number_float());
  EXPECT_EQ(j.at(5).get<uint64_t>(), 18446744073709551615u);  // 2^64 - 1 still fits
  EXPECT_EQ(j.at(6).get<int64_t>(), INT64_MIN);
  EXPECT_TRUE(j.at(7).is_number_integer());
  EXPECT_FALSE(j.at(7).is_number_float());
}

TEST(ParseJsonStrictTest, IntegersBeyond64BitsAreRefusedNotTurnedIntoDoubles) {
  Error e = parse_error_of(R"({"a": [1, 18446744073709551616]})");  // 2^64
  EXPECT_EQ(e.code, "overflow");
  EXPECT_EQ(e.path, "/a/1");
  e = parse_error_of("-9223372036854775809");  // -(2^63) - 1
  EXPECT_EQ(e.code, "overflow");
  EXPECT_EQ(e.path, "");
}

TEST(ParseJsonStrictTest, DuplicateKeysAreRejectedAtTheKey) {
  Error e = parse_error_of(R"({"a": 1, "a": 2})");
  EXPECT_EQ(e.code, "duplicate_key");
  EXPECT_EQ(e.path, "/a");
  e = parse_error_of(R"({"x": [{"k": 1}, {"j": 0, "k": 1, "k": 2}]})");
  EXPECT_EQ(e.code, "duplicate_key");
  EXPECT_EQ(e.path, "/x/1/k");
  // The key is escaped as a JSON Pointer token.
  EXPECT_EQ(parse_error_of(R"({"a/b": 1, "a/b": 2})").path, "/a~1b");
  // Equal keys in different objects are fine.
  EXPECT_NO_THROW(parse_json_strict(R"({"k": {"k": 1}, "j": {"k": 2}})"));
}

TEST(ParseJsonStrictTest, DepthLimitCountsNestedContainers) {
  JsonLimits two;
  two.max_depth = 2;
  EXPECT_NO_THROW(parse_json_strict("[[1]]", two));
  Error e = parse_error_of("[[[1]]]", two);
  EXPECT_EQ(e.code, "too_deep");
  EXPECT_EQ(e.path, "/0/0");  // the third array, first element of the second
  EXPECT_EQ(parse_error_of(R"({"a": {"b": {}}})", two).path, "/a/b");

  JsonLimits three;
  three.max_depth = 3;
  // Levels: object, array "a", object at index 2; the array under "b" is the 4th.
  EXPECT_EQ(parse_error_of(R"({"a": [1, 2, {"b": []}]})", three).path, "/a/2/b");

  JsonLimits zero;
  zero.max_depth = 0;
  EXPECT_EQ(parse_error_of("[]", zero).path, "");
  EXPECT_NO_THROW(parse_json_strict("7", zero));
}

TEST(ParseJsonStrictTest, DefaultDepthIs32) {
  EXPECT_NO_THROW(parse_json_strict(nested_arrays(32)));
  Error e = parse_error_of(nested_arrays(33));
  EXPECT_EQ(e.code, "too_deep");
  std::string expected;
  for (int i = 0; i < 32; ++i) expected += "/0";
  EXPECT_EQ(e.path, expected);
}

TEST(ParseJsonStrictTest, HundredThousandOpenBracketsAreRejectedWithoutRecursion) {
  // Neither our handler nor nlohmann's SAX driver recurses, and we stop at
  // level 33, so this returns at once instead of overflowing the stack.
  EXPECT_EQ(parse_error_of(std::string(100'000, '[')).code, "too_deep");
  EXPECT_EQ(parse_error_of(nested_arrays(100'000)).code, "too_deep");
  EXPECT_EQ(parse_error_of(std::string(100'000, '{')).code, "malformed_json");  // '{' needs a key
  std::string objects;
  for (int i = 0; i < 100'000; ++i) objects += "{\"a\":";
  EXPECT_EQ(parse_error_of(objects).code, "too_deep");
}

TEST(ParseJsonStrictTest, SizeLimitIsCheckedBeforeParsing) {
  JsonLimits ten;
  ten.max_bytes = 10;
  EXPECT_NO_THROW(parse_json_strict("[1,2,3,45]", ten));  // exactly 10 bytes
  Error e = parse_error_of("[1,2,3,4,5]", ten);           // 11 bytes
  EXPECT_EQ(e.code, "too_large");
  EXPECT_EQ(e.path, "");
  EXPECT_EQ(parse_error_of("not json at all", ten).code, "too_large");
}

TEST(ParseJsonStrictTest, SyntaxErrorsReportTheByteOffset) {
  struct Case {
    std::string text;
    const char* offset_text;  // 0-based byte where the problem is noticed
  };
  const Case cases[] = {
      {"", "byte offset 0"},          // end of input at once
      {"[tru]", "byte offset 4"},     // ']' ends the bad literal
      {"{\"a\":1,}", "byte offset 7"},  // '}' where a key must be
      {"[1,2", "byte offset 4"},      // end of input inside the array
  };
  for (const Case& c : cases) {
    Error e = parse_error_of(c.text);
    EXPECT_EQ(e.code, "malformed_json") << c.text;
    EXPECT_EQ(e.path, "") << c.text;
    EXPECT_NE(e.message.find(c.offset_text), std::string::npos) << c.text << " -> " << e.message;
  }
}

TEST(ParseJsonStrictTest, RejectsNonStandardSyntax) {
  for (const char* s : {"[1,]", "{'a':1}", "[01]", "[NaN]", "[Infinity]",
                        "// c\n[1]", "{\"a\" 1}", "[.5]", "[+1]", "[0x10]", "\"\\x41\"",
                        "\"\\ud800\"", "[1e400]"}) {
    EXPECT_EQ(parse_error_of(s).code, "malformed_json") << s;
  }
  // A complete document followed by more than whitespace.
  for (const char* s : {"[1] /* c */", "{\"a\":1}{}"}) {
    EXPECT_EQ(parse_error_of(s).code, "trailing_bytes") << s;
  }
}

// nlohmann stops reading at a NUL byte as if the input ended there; nothing
// after the document may be ignored, so a NUL is refused wherever it is.
TEST(ParseJsonStrictTest, NothingAfterTheDocumentIsIgnored) {
  struct Case {
    std::string text;
    const char* code;
    const char* offset_text;
  };
  const Case cases[] = {
      {std::string("{\"a\":1}\0{\"garbage\":", 19), "trailing_bytes", "byte offset 7"},
      {std::string("{\"a\":1} \n\0", 10), "trailing_bytes", "byte offset 9"},
      {std::string("7\0", 2), "trailing_bytes", "byte offset 1"},
      {"[1] x", "trailing_bytes", "byte offset 4"},
      {"\"s\" \"t\"", "trailing_bytes", "byte offset 6"},  // noticed at the end of the token "t"
      {std::string("{\"a\":\0}", 7), "malformed_json", "byte offset 5"},
      {std::string("[\"a\0b\"]", 7), "malformed_json", "byte offset 3"},
      {std::string("\0", 1), "malformed_json", "byte offset 0"},
  };
  for (const Case& c : cases) {
    Error e = parse_error_of(c.text);
    EXPECT_EQ(e.code, c.code) << c.text;
    EXPECT_EQ(e.path, "") << c.text;
    EXPECT_NE(e.message.find(c.offset_text), std::string::npos) << c.text << " -> " << e.message;
  }
  // Whitespace after the document is fine.
  EXPECT_EQ(parse_json_strict("{\"a\":1} \r\n\t").at("a").get<int64_t>(), 1);
}

TEST(ParseJsonStrictTest, InvalidUtf8IsMalformedAndTheMessageStaysAscii) {
  Error e = parse_error_of("\"a\xff\"");
  EXPECT_EQ(e.code, "malformed_json");
  EXPECT_NE(e.message.find("byte offset 2"), std::string::npos) << e.message;
  EXPECT_TRUE(is_printable_ascii(e.message)) << e.message;
  // Overlong encoding of '/', a raw control character, and a truncated sequence.
  for (const char* s : {"\"\xc0\xaf\"", "\"a\x01\"", "\"\xe2\x82\""}) {
    Error bad = parse_error_of(s);
    EXPECT_EQ(bad.code, "malformed_json");
    EXPECT_TRUE(is_printable_ascii(bad.message)) << bad.message;
  }
}

TEST(ParseJsonStrictTest, ErrorMessageIsBoundedForHugeTokens) {
  // A 1 MB string with a bad byte at the end: nlohmann echoes the whole token.
  std::string text = "\"" + std::string(1'000'000, 'a') + "\xff\"";
  Error e = parse_error_of(text);
  EXPECT_EQ(e.code, "malformed_json");
  EXPECT_LT(e.message.size(), 400u);
}

TEST(ParseJsonStrictTest, ValidUtf8PassesThrough) {
  // U+00E9, U+20AC and U+1F600 as raw UTF-8, plus an escaped U+00E9.
  Json j = parse_json_strict("[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\", \"\\u00e9\"]");
  EXPECT_EQ(j.at(0).get<std::string>(), "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
  EXPECT_EQ(j.at(1).get<std::string>(), "\xc3\xa9");
}

TEST(CanonicalDumpTest, SortsKeysAndDropsWhitespace) {
  Json j = parse_json_strict(R"( { "b" : 1 , "a" : [ 1 , -2 , { "d" : null , "c" : true } ] } )");
  EXPECT_EQ(canonical_dump(j), R"({"a":[1,-2,{"c":true,"d":null}],"b":1})");
}

TEST(CanonicalDumpTest, PassesUtf8ThroughAndEscapesOnlyWhatJsonRequires) {
  Json j = Json::object();
  j["s"] = "caf\xc3\xa9 \"q\" \\ /\n\x01";
  // Quote, backslash and control characters are escaped; '/' and UTF-8 are not.
  EXPECT_EQ(canonical_dump(j), "{\"s\":\"caf\xc3\xa9 \\\"q\\\" \\\\ /\\n\\u0001\"}");
}

TEST(CanonicalDumpTest, InvalidUtf8BecomesAnInputError) {
  Json j = Json::array();
  j.push_back("bad \xff byte");
  try {
    canonical_dump(j);
    ADD_FAILURE() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.error().code, "invalid_value");
  }
}

TEST(PointerTokenTest, EscapesTildeThenSlash) {
  EXPECT_EQ(pointer_token("a/b"), "a~1b");
  EXPECT_EQ(pointer_token("m~n"), "m~0n");
  // "~1" literally: the '~' is escaped first, so it does not turn into '/'.
  EXPECT_EQ(pointer_token("~1"), "~01");
  EXPECT_EQ(pointer_token("/~"), "~1~0");
  EXPECT_EQ(pointer_token(""), "");
  EXPECT_EQ(pointer_token("plain"), "plain");
}

}  // namespace
}  // namespace checkout
