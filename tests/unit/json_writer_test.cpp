// The streaming JSON appenders against nlohmann's own dump (canonical_dump),
// which is what the quote text has always been: every single byte, every
// two-byte string, the boundaries of 3- and 4-byte UTF-8, and integers.
#include "json_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "json_strict.h"

namespace checkout {
namespace {

// The text, or "error <code>: <message>" when writing throws InputError.
std::string via_nlohmann(const std::string& s) {
  try {
    return canonical_dump(Json(s));
  } catch (const InputError& e) {
    return "error " + e.error().code + ": " + e.error().message + " @" + e.error().path;
  }
}

std::string via_writer(const std::string& s) {
  std::string out = "prefix ";  // appends, never overwrites
  try {
    append_json_string(out, s);
  } catch (const InputError& e) {
    return "error " + e.error().code + ": " + e.error().message + " @" + e.error().path;
  }
  EXPECT_EQ(out.compare(0, 7, "prefix "), 0);
  return out.substr(7);
}

std::string bytes(std::initializer_list<int> values) {
  std::string s;
  for (int v : values) s.push_back(static_cast<char>(v));
  return s;
}

TEST(JsonWriter, HandWrittenEscapes) {
  EXPECT_EQ(via_writer(""), R"("")");
  EXPECT_EQ(via_writer("a\"b\\c/d"), R"("a\"b\\c/d")");  // '/' is not escaped
  EXPECT_EQ(via_writer("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(via_writer(bytes({0x00, 0x01, 0x0b, 0x1f})), R"("\u0000\u0001\u000b\u001f")");  // lowercase hex
  EXPECT_EQ(via_writer("\x7f"), "\"\x7f\"");                        // DEL is not a control char to JSON
  EXPECT_EQ(via_writer("caf\xc3\xa9"), "\"caf\xc3\xa9\"");          // U+00E9 as-is
  EXPECT_EQ(via_writer("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"");  // U+1F600 as-is, no surrogate pair
  EXPECT_EQ(via_writer("\xff"), "error invalid_value: A text value is not valid UTF-8 and cannot be written as JSON. @");
}

TEST(JsonWriter, EverySingleByteAloneAndBetweenLetters) {
  for (int b = 0; b < 256; ++b) {
    const std::string alone(1, static_cast<char>(b));
    EXPECT_EQ(via_writer(alone), via_nlohmann(alone)) << "byte " << b;
    const std::string inside = "ab" + alone + "cd";
    EXPECT_EQ(via_writer(inside), via_nlohmann(inside)) << "byte " << b;
  }
}

TEST(JsonWriter, EveryTwoByteString) {
  int mismatches = 0;
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string s = bytes({a, b});
      if (via_writer(s) != via_nlohmann(s) && ++mismatches <= 5) ADD_FAILURE() << "bytes " << a << " " << b;
    }
  }
  EXPECT_EQ(mismatches, 0);
}

// Lead bytes 0xC0..0xFF with every second byte, then continuation-range
// edges as the later bytes: where overlongs (E0, F0), surrogates (ED), the
// U+10FFFF limit (F4) and truncation are decided.
TEST(JsonWriter, ThreeAndFourByteBoundaries) {
  const std::vector<int> edges = {0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff};
  const std::vector<int> few = {0x7f, 0x80, 0xbf, 0xc0};
  int mismatches = 0;
  auto check = [&](const std::string& s) {
    if (via_writer(s) != via_nlohmann(s) && ++mismatches <= 5) {
      std::string hex;
      for (unsigned char c : s) hex += std::to_string(c) + " ";
      ADD_FAILURE() << "bytes " << hex;
    }
  };
  for (int lead = 0xc0; lead < 0x100; ++lead) {
    for (int second = 0; second < 256; ++second) {
      if (lead < 0xf0) {
        for (int third : (lead < 0xe0 ? few : edges)) check(bytes({lead, second, third}));
      } else {
        for (int third : few) {
          check(bytes({lead, second, third}));  // truncated 4-byte sequence
          for (int fourth : few) check(bytes({lead, second, third, fourth}));
        }
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(JsonWriter, Utf8Texts) {
  const std::string texts[] = {
      "Gr\xc3\xb6\xc3\x9f" "e \"XL\"\n",                 // Größe "XL"
      "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\t\\",        // 日本語
      "\xe2\x80\xa8\xe2\x80\xa9",                         // U+2028, U+2029 stay raw
      "\xef\xbb\xbf" "bom",                               // U+FEFF
      "\xf4\x8f\xbf\xbf",                                 // U+10FFFF, the last code point
      "\xf4\x90\x80\x80",                                 // U+110000: invalid
      "\xed\xa0\x80",                                     // U+D800 surrogate: invalid
      "\xe0\x80\xaf",                                     // overlong '/': invalid
      "ok\xe2\x82",                                       // truncated at the end: invalid
      "\xe2\x82\xac\x01\xe2\x82\xac",                     // €\u0001€
  };
  for (const std::string& t : texts) EXPECT_EQ(via_writer(t), via_nlohmann(t)) << t;
}

TEST(JsonWriter, Integers) {
  const int64_t values[] = {0, 1, -1, 9, 10, -10, 99, 100, 1234567890, -1234567890,
                            std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min(),
                            std::numeric_limits<int64_t>::min() + 1, int64_t{1} << 53, -(int64_t{1} << 53) - 1};
  for (int64_t v : values) {
    std::string out;
    append_json_int(out, v);
    EXPECT_EQ(out, canonical_dump(Json(v))) << v;
  }
  std::string out;
  append_json_int(out, std::numeric_limits<int64_t>::min());  // -2^63, by hand
  EXPECT_EQ(out, "-9223372036854775808");
}

TEST(JsonWriter, ObjectWriterPutsCommasBetweenMembersOnly) {
  std::string out;
  JsonObjectWriter o(out);
  o.boolean("a", true);
  o.integer("b", -5);
  o.string("c", "x\"y");
  {
    JsonObjectWriter inner(o.key("d"));
    inner.close();
  }
  o.boolean("e", false);
  o.close();
  EXPECT_EQ(out, R"({"a":true,"b":-5,"c":"x\"y","d":{},"e":false})");
}

}  // namespace
}  // namespace checkout
