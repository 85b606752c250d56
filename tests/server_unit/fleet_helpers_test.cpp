// The pieces several instances rely on: the client's address behind trusted
// proxies, and the stock-change payloads instances send each other.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "change_feed.h"
#include "client_address.h"
#include "storage.h"

namespace server {
namespace {

TEST(ClientAddress, TheHeaderIsIgnoredUnlessThePeerIsATrustedProxy) {
  const std::string header = "203.0.113.9";
  EXPECT_EQ(client_address("198.51.100.7", &header, TrustedProxies{}), "198.51.100.7");
  EXPECT_EQ(client_address("198.51.100.7", &header, TrustedProxies{{"127.0.0.1"}}), "198.51.100.7");
  EXPECT_EQ(client_address("127.0.0.1", nullptr, TrustedProxies{{"127.0.0.1"}}), "127.0.0.1");
}

TEST(ClientAddress, TheRightMostUntrustedEntryIsTheClient) {
  const TrustedProxies proxies{{"127.0.0.1", "10.0.0.2"}};
  // The client wrote "1.2.3.4" itself; nginx appended what it saw.
  const std::string spoofed = "1.2.3.4, 203.0.113.9";
  EXPECT_EQ(client_address("127.0.0.1", &spoofed, proxies), "203.0.113.9");
  // Two trusted hops: the address before them.
  const std::string chained = "1.2.3.4,203.0.113.9, 10.0.0.2";
  EXPECT_EQ(client_address("127.0.0.1", &chained, proxies), "203.0.113.9");
  const std::string v6 = "2001:db8::1";
  EXPECT_EQ(client_address("127.0.0.1", &v6, proxies), "2001:db8::1");
}

TEST(ClientAddress, AMalformedEntryStopsAtTheLastTrustedHop) {
  const TrustedProxies proxies{{"127.0.0.1", "10.0.0.2"}};
  const std::string junk = "203.0.113.9, <script>";
  EXPECT_EQ(client_address("127.0.0.1", &junk, proxies), "127.0.0.1");
  const std::string empty;
  EXPECT_EQ(client_address("127.0.0.1", &empty, proxies), "127.0.0.1");
  const std::string behind_junk = "nonsense, 10.0.0.2";
  EXPECT_EQ(client_address("127.0.0.1", &behind_junk, proxies), "10.0.0.2");
}

TEST(StockKeyPayload, RoundTripsAndSplitsBelowTheLimit) {
  std::vector<StockKey> keys;
  for (int i = 0; i < 300; ++i) {
    keys.push_back(StockKey{i % 2 == 0 ? LocationKind::Store : LocationKind::Warehouse, "location-" + std::to_string(i % 7),
                            "SKU-\"quoted\"-" + std::to_string(i)});
  }
  const std::vector<std::string> payloads = encode_stock_keys(keys, 1'000);
  ASSERT_GT(payloads.size(), 1u);
  std::vector<StockKey> back;
  for (const std::string& p : payloads) {
    EXPECT_LT(p.size(), 1'000u);
    for (StockKey& k : decode_stock_keys(p)) back.push_back(std::move(k));
  }
  EXPECT_EQ(back, keys);
}

TEST(StockKeyPayload, MalformedEntriesAreSkipped) {
  const std::vector<StockKey> keys =
      decode_stock_keys(R"([["store","soho","A"],["shelf","x","B"],["warehouse","wh"],7,["warehouse","wh","C"]])");
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0], (StockKey{LocationKind::Store, "soho", "A"}));
  EXPECT_EQ(keys[1], (StockKey{LocationKind::Warehouse, "wh", "C"}));
  EXPECT_TRUE(decode_stock_keys("not json").empty());
  EXPECT_TRUE(decode_stock_keys("{}").empty());
}

TEST(OrderEventPayload, RoundTripsInBatchesBelowTheLimit) {
  std::vector<std::string> events;
  for (int i = 0; i < 100; ++i) {
    events.push_back(R"({"order_id":"ord_)" + std::to_string(i) + R"(","status":"placed","store_id":"nyc-soho"})");
  }
  const std::vector<std::string> payloads = encode_order_events(events, 500);
  ASSERT_GT(payloads.size(), 1u);
  std::vector<std::string> back;
  for (const std::string& p : payloads) {
    EXPECT_LT(p.size(), 500u);
    for (std::string& e : decode_order_events(p)) back.push_back(std::move(e));
  }
  EXPECT_EQ(back, events);
  EXPECT_EQ(decode_order_events(R"([{"a":1},"text",3,[1]])"), std::vector<std::string>{R"({"a":1})"});
  EXPECT_TRUE(decode_order_events("{").empty());
}

// Two "processes" on one SQLite file: the feed of one notices the other's
// commit through PRAGMA data_version and resyncs; without commits it stays quiet.
TEST(SqliteChangeFeed, AnotherConnectionsCommitTriggersAResync) {
  char tmpl[] = "/tmp/sqlite-feed-test-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string path = std::string(tmpl) + "/shop.db";
  SqliteOptions options;
  options.path = path;
  std::unique_ptr<Storage> mine = open_sqlite_storage(options);
  std::unique_ptr<Storage> other = open_sqlite_storage(options);

  ChangeFeedOptions feed_options;
  feed_options.poll_ms = 20;
  feed_options.reconcile_ms = 0;
  std::atomic<int> resyncs{0};
  std::unique_ptr<ChangeFeed> feed = make_sqlite_change_feed(path, feed_options);
  feed->start({[](const std::vector<StockKey>&) {}, [&] { ++resyncs; }});
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(resyncs.load(), 0) << "nothing was committed";

  StockRow row;
  row.key = StockKey{LocationKind::Store, "soho", "A"};
  row.on_hand = row.available = 3;
  other->seed_stock({row});
  for (int i = 0; i < 250 && resyncs.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GE(resyncs.load(), 1);
  feed->stop();
  mine.reset();
  other.reset();
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace server
