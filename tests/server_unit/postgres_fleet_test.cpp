// The PostgreSQL pieces instances share, against a real server: run by
// scripts/suites/40-fleet.sh under scripts/lib/with-postgres.sh, which sets
// CHECKOUT_TEST_DATABASE_URL; skipped without it (e.g. under plain ctest).
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "postgres_test_env.h"
#include "change_feed.h"
#include "coupon_guard.h"

namespace server {
namespace {

// What a feed's listener was told, and a way to wait for it.
struct Heard {
  std::mutex mu;
  std::condition_variable cv;
  std::set<StockKey> keys;
  std::vector<std::string> orders;
  int resyncs = 0;

  ChangeFeed::Listener listener() {
    return {[this](const std::vector<StockKey>& changed) {
              std::lock_guard<std::mutex> lock(mu);
              keys.insert(changed.begin(), changed.end());
              cv.notify_all();
            },
            [this] {
              std::lock_guard<std::mutex> lock(mu);
              ++resyncs;
              cv.notify_all();
            },
            [this](const std::string& data) {
              std::lock_guard<std::mutex> lock(mu);
              orders.push_back(data);
              cv.notify_all();
            }};
  }
  template <typename Pred>
  bool wait(Pred pred) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(10), [&] { return pred(*this); });
  }
};

TEST(PostgresChangeFeed, AnotherInstanceHearsThePublishedKeysAndNotItsOwn) {
  SKIP_OR_FAIL_WITHOUT_POSTGRES();
  const std::string url = postgres_url();
  ChangeFeedOptions options;
  options.reconcile_ms = 0;  // only notifications (and the resync after connecting)
  Heard a_heard, b_heard;
  std::unique_ptr<ChangeFeed> a = make_postgres_change_feed(url, options);
  std::unique_ptr<ChangeFeed> b = make_postgres_change_feed(url, options);
  a->start(a_heard.listener());
  b->start(b_heard.listener());
  // Each resyncs once connected: from then on it hears notifications.
  ASSERT_TRUE(a_heard.wait([](Heard& h) { return h.resyncs >= 1; }));
  ASSERT_TRUE(b_heard.wait([](Heard& h) { return h.resyncs >= 1; }));

  std::vector<StockKey> published;
  for (int i = 0; i < 400; ++i) published.push_back(StockKey{LocationKind::Warehouse, "wh-east", "SKU-" + std::to_string(i)});
  a->publish(published);
  a->publish({StockKey{LocationKind::Store, "nyc-soho", "NW-LTD-LANTERN"}});
  ASSERT_TRUE(b_heard.wait([](Heard& h) { return h.keys.size() == 401; }));
  EXPECT_EQ(b_heard.keys.count(StockKey{LocationKind::Store, "nyc-soho", "NW-LTD-LANTERN"}), 1u);
  // a's own notifications come back to it; it applied them already and skips them.
  b->publish({StockKey{LocationKind::Store, "boston-back-bay", "X"}});
  ASSERT_TRUE(a_heard.wait([](Heard& h) { return !h.keys.empty(); }));
  EXPECT_EQ(a_heard.keys, (std::set<StockKey>{StockKey{LocationKind::Store, "boston-back-bay", "X"}}));
  // Order events travel the same way, on their own channel, in order.
  a->publish_order(R"({"order_id":"ord_1","status":"placed","store_id":"nyc-soho"})");
  a->publish_order(R"({"order_id":"ord_1","status":"ready_for_pickup","store_id":"nyc-soho"})");
  ASSERT_TRUE(b_heard.wait([](Heard& h) { return h.orders.size() == 2; }));
  EXPECT_EQ(b_heard.orders[0], R"({"order_id":"ord_1","status":"placed","store_id":"nyc-soho"})");
  EXPECT_EQ(b_heard.orders[1], R"({"order_id":"ord_1","status":"ready_for_pickup","store_id":"nyc-soho"})");
  EXPECT_TRUE(a_heard.orders.empty());
  a->stop();
  b->stop();
}

TEST(PostgresChangeFeed, ReconcilesOnATimer) {
  SKIP_OR_FAIL_WITHOUT_POSTGRES();
  const std::string url = postgres_url();
  ChangeFeedOptions options;
  options.reconcile_ms = 100;
  Heard heard;
  std::unique_ptr<ChangeFeed> feed = make_postgres_change_feed(url, options);
  feed->start(heard.listener());
  EXPECT_TRUE(heard.wait([](Heard& h) { return h.resyncs >= 3; }));
  feed->stop();
}

TEST(PostgresChangeFeed, AnUnreachableDatabaseNeitherBlocksPublishNorStop) {
  Heard heard;
  std::unique_ptr<ChangeFeed> feed =
      make_postgres_change_feed("postgresql:///nowhere?host=/nonexistent&connect_timeout=1", ChangeFeedOptions{});
  feed->start(heard.listener());
  feed->publish({StockKey{LocationKind::Store, "s", "A"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  feed->stop();
  std::lock_guard<std::mutex> lock(heard.mu);
  EXPECT_EQ(heard.resyncs, 0);
  EXPECT_TRUE(heard.keys.empty());
}

TEST(PostgresCouponGuard, TheAllowanceIsSharedByEveryInstance) {
  SKIP_OR_FAIL_WITHOUT_POSTGRES();
  const std::string url = postgres_url();
  std::unique_ptr<CouponGuard> a = make_postgres_coupon_guard(url);
  std::unique_ptr<CouponGuard> b = make_postgres_coupon_guard(url);
  const std::string client = "203.0.113." + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 250);
  EXPECT_FALSE(a->blocked_for(client));
  a->record(client, 6);
  EXPECT_FALSE(b->blocked_for(client));
  b->record(client, kCouponGuessesPerWindow - 6);
  // Ten failures, split over two instances: both refuse, for about a window.
  for (CouponGuard* guard : {a.get(), b.get()}) {
    const std::optional<int64_t> wait = guard->blocked_for(client);
    ASSERT_TRUE(wait);
    EXPECT_GT(*wait, kCouponGuessWindowMs - 10'000);
    EXPECT_LE(*wait, kCouponGuessWindowMs);
  }
  EXPECT_FALSE(a->blocked_for(client + "0"));  // another client is not affected
}

}  // namespace
}  // namespace server
