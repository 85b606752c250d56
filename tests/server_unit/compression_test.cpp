// The process-wide compression cache: one compression per version even when
// requests arrive together, the right bytes for every version, and gzip that
// decodes to exactly the input.
#include "compression.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace {

using server::cached_compressed;
using server::Encoding;

// ~400 KB of JSON-like text, like the demo catalog: slow enough to compress
// (milliseconds) that requests started together overlap.
std::shared_ptr<const std::string> catalog_like(int version) {
  std::string s = "{\"version\":" + std::to_string(version) + ",\"products\":[";
  for (int i = 0; i < 6000; ++i) {
    s += "{\"sku\":\"SKU-" + std::to_string(i * 7919 % 100003) + "\",\"price\":" + std::to_string(i * 31 % 9973) +
         ",\"title\":\"Product number " + std::to_string(i) + "\"},";
  }
  s += "{}]}";
  return std::make_shared<const std::string>(std::move(s));
}

std::string gunzip(const std::string& in) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out;
  char buffer[65536];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - zs.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&zs);
  EXPECT_EQ(rc, Z_STREAM_END);
  return out;
}

TEST(CompressionCache, RequestsArrivingTogetherShareOneCompression) {
  const auto body = catalog_like(1);
  for (Encoding e : {Encoding::Gzip, Encoding::Brotli}) {
    const std::string key = std::string("test:together:") + server::encoding_token(e);
    const uint64_t before = server::request_compressions();
    std::atomic<int> ready{0};
    std::vector<std::shared_ptr<const std::string>> results(8);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < results.size(); ++i) {
      threads.emplace_back([&, i] {
        ++ready;
        while (ready.load() < static_cast<int>(results.size())) std::this_thread::yield();
        results[i] = cached_compressed(key, "\"v1\"", e, body);
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(server::request_compressions() - before, 1u) << server::encoding_token(e);
    for (const auto& r : results) {
      ASSERT_NE(r, nullptr);
      EXPECT_TRUE(r == results[0]) << "every request gets the one cached body";
    }
    if (e == Encoding::Gzip) EXPECT_EQ(gunzip(*results[0]), *body);
  }
}

TEST(CompressionCache, EachVersionGetsItsOwnBytes) {
  const std::string key = "test:versions";
  const auto v1 = catalog_like(1), v2 = catalog_like(2);
  const auto a = cached_compressed(key, "\"v1\"", Encoding::Gzip, v1);
  const auto b = cached_compressed(key, "\"v2\"", Encoding::Gzip, v2);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(gunzip(*a), *v1);
  EXPECT_EQ(gunzip(*b), *v2);
  // The cache keeps the latest version; an older one is still answered correctly.
  const uint64_t before = server::request_compressions();
  EXPECT_TRUE(cached_compressed(key, "\"v2\"", Encoding::Gzip, v2) == b);
  EXPECT_EQ(server::request_compressions() - before, 0u) << "a hit compresses nothing";
  const auto again = cached_compressed(key, "\"v1\"", Encoding::Gzip, v1);
  ASSERT_TRUE(again);
  EXPECT_EQ(gunzip(*again), *v1);
}

// Versions changing under a crowd (the catalog after every order): whatever
// interleaving, each request gets a body that decodes to its own version.
TEST(CompressionCache, ChurningVersionsNeverMixBodies) {
  const std::string key = "test:churn";
  std::vector<std::shared_ptr<const std::string>> bodies;
  for (int v = 0; v < 4; ++v) bodies.push_back(catalog_like(v));
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 6; ++round) {
        const int v = (t + round) % 4;
        const auto out = cached_compressed(key, "\"v" + std::to_string(v) + "\"", Encoding::Gzip, bodies[v]);
        if (!out || gunzip(*out) != *bodies[v]) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
