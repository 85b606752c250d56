#include "json_reader.h"

#include <gtest/gtest.h>

#include <functional>

#include "error.h"

namespace checkout {
namespace {

Json parse(const char* text) { return Json::parse(text); }

// The error a read throws; a read that succeeds fails the test.
Error error_of(const std::function<void()>& read) {
  try {
    read();
  } catch (const InputError& e) {
    return e.error();
  }
  ADD_FAILURE() << "expected an InputError";
  return Error{};
}

TEST(JsonReader, FieldPathsAreJsonPointersWithEscapedTokens) {
  Json j = parse(R"({"a/b": {"c~d": [10, 20]}})");
  JsonReader root(j, "/catalog");
  JsonReader list = root.field("a/b").field("c~d");
  EXPECT_EQ(list.path(), "/catalog/a~1b/c~0d");
  EXPECT_EQ(list.items(0, 5)[1].path(), "/catalog/a~1b/c~0d/1");
  EXPECT_EQ(list.items(0, 5)[1].as_int(0, 100), 20);
}

TEST(JsonReader, MissingRequiredFieldNamesTheFieldPath) {
  Json j = parse(R"({"title": "x"})");
  Error e = error_of([&] { JsonReader(j, "/products/3").field("id"); });
  EXPECT_EQ(e.code, "missing_field");
  EXPECT_EQ(e.path, "/products/3/id");
  EXPECT_NE(e.message.find("id"), std::string::npos);
}

TEST(JsonReader, OptionalFieldAbsentIsNulloptButNullIsAWrongType) {
  Json j = parse(R"({"a": null})");
  JsonReader r(j, "");
  EXPECT_FALSE(r.optional_field("b").has_value());
  // null is not the same as omitted (docs/formats.md).
  Error e = error_of([&] { r.bool_or("a", false); });
  EXPECT_EQ(e.code, "wrong_type");
  EXPECT_EQ(e.path, "/a");
}

TEST(JsonReader, ExpectOnlyRejectsTheUnknownKeyAtItsPath) {
  Json j = parse(R"({"id": "x", "prise": 5})");
  Error e = error_of([&] { JsonReader(j, "/cart").expect_only({"id", "price"}); });
  EXPECT_EQ(e.code, "unknown_field");
  EXPECT_EQ(e.path, "/cart/prise");
  JsonReader(j, "").expect_only({"id", "prise"});  // all known: no error
}

TEST(JsonReader, ExpectOnlyOnANonObjectIsWrongType) {
  Json j = parse(R"([1])");
  Error e = error_of([&] { JsonReader(j, "/x").expect_only({"a"}); });
  EXPECT_EQ(e.code, "wrong_type");
  EXPECT_EQ(e.path, "/x");
}

TEST(JsonReader, IntegersInRange) {
  Json j = parse(R"({"neg": -5, "pos": 7, "max": 9223372036854775807})");
  JsonReader r(j, "");
  EXPECT_EQ(r.field("neg").as_int(-10, 10), -5);
  EXPECT_EQ(r.field("pos").as_int(7, 7), 7);
  EXPECT_EQ(r.field("max").as_int(0, INT64_MAX), INT64_MAX);
  Error below = error_of([&] { r.field("neg").as_int(0, 10); });
  EXPECT_EQ(below.code, "invalid_value");
  EXPECT_EQ(below.path, "/neg");
  Error above = error_of([&] { r.field("pos").as_int(0, 6); });
  EXPECT_EQ(above.code, "invalid_value");
  EXPECT_NE(above.message.find("from 0 to 6"), std::string::npos);
}

TEST(JsonReader, FloatsAreNotIntegersEvenWhenWhole) {
  Json j = parse(R"({"a": 2.0, "b": 1e3, "c": 12.5, "d": "12", "e": true})");
  JsonReader r(j, "");
  for (const char* key : {"a", "b", "c"}) {
    Error e = error_of([&] { r.field(key).as_int(0, 10000); });
    EXPECT_EQ(e.code, "wrong_type") << key;
    EXPECT_NE(e.message.find("whole number"), std::string::npos) << key;
  }
  EXPECT_EQ(error_of([&] { r.field("d").as_int(0, 100); }).code, "wrong_type");
  EXPECT_EQ(error_of([&] { r.field("e").as_int(0, 100); }).code, "wrong_type");
}

TEST(JsonReader, UnsignedBeyondInt64IsInvalidValueNotAWrappedNegative) {
  // 2^63 = 9223372036854775808 fits uint64 (nlohmann's number_unsigned) but not int64.
  Json j = parse(R"({"a": 9223372036854775808, "b": 18446744073709551615})");
  JsonReader r(j, "");
  EXPECT_EQ(error_of([&] { r.field("a").as_int(INT64_MIN, INT64_MAX); }).code, "invalid_value");
  EXPECT_EQ(error_of([&] { r.field("b").as_int(INT64_MIN, INT64_MAX); }).code, "invalid_value");
}

TEST(JsonReader, IntegerBeyond64BitsThatNlohmannMadeADoubleIsWrongType) {
  Json j = parse(R"({"a": 123456789012345678901234567890})");
  EXPECT_TRUE(j["a"].is_number_float());
  EXPECT_EQ(error_of([&] { JsonReader(j, "").field("a").as_int(0, INT64_MAX); }).code, "wrong_type");
}

TEST(JsonReader, Int32ReadsStayInTheirRange) {
  Json j = parse(R"({"a": 2147483648})");
  EXPECT_EQ(error_of([&] { JsonReader(j, "").field("a").as_int32(0, INT32_MAX); }).code, "invalid_value");
}

TEST(JsonReader, Bools) {
  Json j = parse(R"({"t": true, "n": 1})");
  JsonReader r(j, "");
  EXPECT_TRUE(r.field("t").as_bool());
  EXPECT_TRUE(r.bool_or("t", false));
  EXPECT_FALSE(r.bool_or("missing", false));
  EXPECT_EQ(error_of([&] { r.field("n").as_bool(); }).code, "wrong_type");
}

TEST(JsonReader, StringsAreNonEmptyAndLengthCappedInCharacters) {
  // "héé" is 3 characters but 5 bytes in UTF-8.
  Json j = parse(R"({"s": "h\u00e9\u00e9", "empty": "", "num": 5})");
  JsonReader r(j, "");
  EXPECT_EQ(r.field("s").as_string(3), "h\xC3\xA9\xC3\xA9");
  Error too_long = error_of([&] { r.field("s").as_string(2); });
  EXPECT_EQ(too_long.code, "invalid_value");
  EXPECT_EQ(too_long.path, "/s");
  EXPECT_EQ(error_of([&] { r.field("empty").as_string(10); }).code, "invalid_value");
  EXPECT_EQ(r.field("empty").as_text(10), "");
  EXPECT_EQ(r.text_or("missing", 10, "dflt"), "dflt");
  EXPECT_EQ(error_of([&] { r.field("num").as_string(10); }).code, "wrong_type");
}

TEST(JsonReader, EnumsListTheChoices) {
  Json j = parse(R"({"mode": "half_sideways"})");
  Error e = error_of([&] { JsonReader(j, "").field("mode").as_enum({"half_even", "half_up"}); });
  EXPECT_EQ(e.code, "invalid_value");
  EXPECT_NE(e.message.find("\"half_even\", \"half_up\""), std::string::npos);
  EXPECT_EQ(JsonReader(j, "").enum_or("other", {"a", "b"}, "b"), "b");
}

TEST(JsonReader, ArraysTooManyAndTooFew) {
  Json j = parse(R"({"a": [1, 2, 3], "o": {}})");
  JsonReader r(j, "");
  EXPECT_EQ(r.field("a").items(3, 3).size(), 3u);
  Error many = error_of([&] { r.field("a").items(0, 2); });
  EXPECT_EQ(many.code, "too_many");
  EXPECT_EQ(many.path, "/a");
  EXPECT_EQ(error_of([&] { r.field("a").items(4, 10); }).code, "invalid_value");
  EXPECT_EQ(error_of([&] { r.field("o").items(0, 10); }).code, "wrong_type");
}

TEST(JsonReader, StringListOrders) {
  Json j = parse(R"({"l": ["b", "a", "b"]})");
  JsonReader l = JsonReader(j, "").field("l");
  EXPECT_EQ(l.as_string_list(10, 10, ListOrder::AsGiven), (std::vector<std::string>{"b", "a", "b"}));
  EXPECT_EQ(l.as_string_list(10, 10, ListOrder::SortedUnique), (std::vector<std::string>{"a", "b"}));
  Error dup = error_of([&] { l.as_string_list(10, 10, ListOrder::SortedNoDuplicates); });
  EXPECT_EQ(dup.code, "duplicate_id");
  EXPECT_EQ(dup.path, "/l/2");  // the second "b"
  EXPECT_EQ(error_of([&] { l.as_string_list(2, 10, ListOrder::AsGiven); }).code, "too_many");
}

TEST(JsonReader, StringListElementsAreValidatedAtTheirOwnPath) {
  Json j = parse(R"({"l": ["a", 5]})");
  Error e = error_of([&] { JsonReader(j, "").field("l").as_string_list(10, 10, ListOrder::SortedUnique); });
  EXPECT_EQ(e.code, "wrong_type");
  EXPECT_EQ(e.path, "/l/1");
}

TEST(JsonReader, PercentFromStringOrInteger) {
  Json j = parse(R"({"s": "8.875", "i": 10, "f": 8.5, "bad": "8,5", "big": "100.5", "bigi": 101, "neg": -1})");
  JsonReader r(j, "");
  EXPECT_EQ(r.field("s").as_percent().e8, 8'875'000);  // 8.875 % * 1e6 per percent
  EXPECT_EQ(r.field("i").as_percent().e8, 10'000'000); // 10 % * 1e6
  EXPECT_EQ(error_of([&] { r.field("f").as_percent(); }).code, "wrong_type");
  EXPECT_EQ(error_of([&] { r.field("bad").as_percent(); }).code, "invalid_value");
  EXPECT_EQ(error_of([&] { r.field("big").as_percent(100); }).code, "invalid_value");
  EXPECT_EQ(error_of([&] { r.field("bigi").as_percent(100); }).code, "invalid_value");
  EXPECT_EQ(error_of([&] { r.field("neg").as_percent(100); }).code, "invalid_value");
}

TEST(JsonReader, InstantsDatesAndTimesOfDay) {
  Json j = parse(R"({"t": "1970-01-02T00:00:00Z", "o": "1970-01-01T00:00:00-05:00", "d": "1970-01-11",
                     "h": "09:30", "close": "24:00", "bad_t": "yesterday", "bad_h": "25:00", "n": 3})");
  JsonReader r(j, "");
  EXPECT_EQ(r.field("t").as_instant(), 86400);  // one day
  EXPECT_EQ(r.field("o").as_instant(), 5 * 3600);  // midnight at UTC-5 is 05:00 UTC
  EXPECT_EQ(r.field("d").as_date(), 10);
  EXPECT_EQ(r.field("h").as_time_of_day(), 9 * 60 + 30);
  EXPECT_EQ(r.field("close").as_time_of_day(), 1440);
  EXPECT_EQ(error_of([&] { r.field("bad_t").as_instant(); }).code, "invalid_value");
  EXPECT_EQ(error_of([&] { r.field("bad_h").as_time_of_day(); }).code, "invalid_value");
  EXPECT_EQ(error_of([&] { r.field("n").as_date(); }).code, "wrong_type");
}

TEST(JsonReader, CountryCodesAreTwoUpperCaseLetters) {
  Json j = parse(R"({"ok": "US", "lower": "us", "long": "USA"})");
  JsonReader r(j, "");
  EXPECT_EQ(r.field("ok").as_country(), "US");
  EXPECT_EQ(error_of([&] { r.field("lower").as_country(); }).code, "invalid_value");
  EXPECT_EQ(error_of([&] { r.field("long").as_country(); }).code, "invalid_value");
}

TEST(JsonReader, EntriesOfAMapInKeyOrder) {
  Json j = parse(R"({"b": 1, "a": 2})");
  auto entries = JsonReader(j, "/stock").entries(5);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].first, "a");
  EXPECT_EQ(entries[0].second.path(), "/stock/a");
  EXPECT_EQ(error_of([&] { JsonReader(j, "").entries(1); }).code, "too_many");
}

TEST(JsonReader, LabelsNameTheFieldInMessages) {
  Json j = parse(R"({"lines": [{"quantity": 1.5}]})");
  JsonReader q = JsonReader(j, "").field("lines").items(0, 5)[0].field("quantity");
  EXPECT_EQ(q.label(), "quantity");
  EXPECT_EQ(JsonReader(j, "").field("lines").items(0, 5)[0].label(), "item 0 of lines");
}

TEST(TextHelpers, TrimAndCase) {
  EXPECT_EQ(trim_spaces("  a b \t\n"), "a b");
  EXPECT_EQ(trim_spaces("   "), "");
  EXPECT_EQ(ascii_upper("fall10-\xC3\xA9"), "FALL10-\xC3\xA9");  // UTF-8 bytes untouched
  EXPECT_EQ(ascii_lower("Web"), "web");
}

}  // namespace
}  // namespace checkout
