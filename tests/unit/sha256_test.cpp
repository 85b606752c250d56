// SHA-256 against the FIPS 180-2 / NIST example vectors, plus the padding
// boundaries (55/56/63/64 bytes ...) checked against coreutils sha256sum.
#include "checkout/sha256.h"

#include <gtest/gtest.h>

#include <string>

namespace checkout {
namespace {

TEST(Sha256Test, NistEmptyMessage) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256Test, NistAbc) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, Nist448BitMessage) {
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, Nist896BitMessage) {
  EXPECT_EQ(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(Sha256Test, NistOneMillionA) {
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, PaddingBoundaries) {
  // 55 bytes is the longest message whose padding fits one block; 56..63 need
  // a second block; 64 is a full block plus a padding-only block.
  struct Case {
    std::size_t length;
    const char* hex;
  };
  const Case cases[] = {
      {55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"},
      {56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"},
      {63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2"},
      {64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"},
      {65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9"},
      {119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c"},
      {120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(sha256_hex(std::string(c.length, 'x')), c.hex) << c.length << " bytes";
  }
}

TEST(Sha256Test, HashesBytesNotCStrings) {
  // Embedded NUL and a byte >= 0x80 (signed char on x86) must be hashed as-is.
  const std::string data("a\0b\xff", 4);
  EXPECT_EQ(sha256_hex(data), "a37cc3026aae4d519e0b19c298fa913b4dccfdf0658cbccbb7deaa0226d5acdb");
}

// Every byte value, in one block-multiple message and in a longer one that
// ends mid-block; the digests are from coreutils sha256sum over the same bytes
// (python3: bytes(range(256)), and bytes(range(256))*4 + the first 37 bytes of
// bytes(range(255,-1,-1))), so the rounds and schedule see high and low bytes.
TEST(Sha256Test, EveryByteValue) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  EXPECT_EQ(sha256_hex(all), "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");

  std::string longer = all + all + all + all;
  for (int b = 255; b > 255 - 37; --b) longer.push_back(static_cast<char>(b));
  ASSERT_EQ(longer.size(), 1061u);  // 16 whole blocks + 37 bytes
  EXPECT_EQ(sha256_hex(longer), "c91d8258ed336f63ad756ddf9b6012a08fc24491f0d0fdf3694b3cc74acbdc24");
}

}  // namespace
}  // namespace checkout
