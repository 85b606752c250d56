// Digits as people type them (checkout/digits.h); e2e/unit/digits.test.mjs
// asks the same of the wasm build through the JS API.
#include "checkout/digits.h"

#include <gtest/gtest.h>

namespace checkout {
namespace {

TEST(Digits, EveryKeyboardDigitBecomesAscii) {
  EXPECT_EQ(normalize_digits("۰۱۲۳۴۵۶۷۸۹"), "0123456789");   // Persian
  EXPECT_EQ(normalize_digits("٠١٢٣٤٥٦٧٨٩"), "0123456789");   // Arabic-Indic
  EXPECT_EQ(normalize_digits("０１２３４５６７８９"), "0123456789");  // full-width
  EXPECT_EQ(normalize_digits("۱۱۹۳۶-۵۳۴۷۱"), "11936-53471");
  EXPECT_EQ(normalize_digits("００－９５０"), "00-950");  // the full-width hyphen of a CJK keyboard
}

TEST(Digits, EverythingElseIsKept) {
  EXPECT_EQ(normalize_digits("SW1A 1AA"), "SW1A 1AA");
  EXPECT_EQ(normalize_digits("ul. Nowy Świat ۱۵"), "ul. Nowy Świat 15");
  EXPECT_EQ(normalize_digits("٫۵"), "٫5");  // the Arabic decimal separator is not a dot
  EXPECT_EQ(normalize_digits("𝟙"), "𝟙");    // mathematical digits are not keyboard digits
  EXPECT_EQ(normalize_digits("\xDB"), "\xDB");  // a cut-off sequence stays as it was
  EXPECT_EQ(normalize_digits("\xEF\xBC"), "\xEF\xBC");
  EXPECT_EQ(normalize_digits("۹"), "9");
  EXPECT_EQ(normalize_digits("ۺ"), "ۺ");  // U+06FA, just past the Persian digits
  EXPECT_EQ(normalize_digits(""), "");
}

TEST(Digits, Quantities) {
  EXPECT_EQ(read_quantity("۳").value(), 3);
  EXPECT_EQ(read_quantity(" ３ ").value(), 3);
  EXPECT_EQ(read_quantity("١٢").value(), 12);
  EXPECT_EQ(read_quantity("0").value(), 0);
  EXPECT_EQ(read_quantity("9999999").value(), 9999999);
  for (const char* bad : {"", " ", "2.5", "۲٫۵", "-1", "+1", "1e3", "three", "12345678", "1 2"}) {
    Result<int64_t> r = read_quantity(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "invalid_quantity") << bad;
  }
}

}  // namespace
}  // namespace checkout
