// The storage CONTRACT (storage.h): one list of cases, run against every
// backend. SQLite always; PostgreSQL when CHECKOUT_TEST_DATABASE_URL names a
// database (scripts/lib/with-postgres.sh starts a throwaway one), each case
// on an emptied schema. Without it the PostgreSQL cases are skipped, unless
// CHECKOUT_TEST_REQUIRE_POSTGRES=1 (the storage-contract suite sets it under
// CI), where they fail.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "postgres_test_env.h"
#include "pg_db.h"
#include "sqlite_db.h"
#include "storage.h"
#include "storage_fault.h"

namespace server {
namespace {

constexpr int64_t kNow = 1'790'000'000;

class StorageContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (postgres()) {
      SKIP_OR_FAIL_WITHOUT_POSTGRES();
      PostgresOptions o;
      o.url = postgres_url();
      PgConnection raw(o);
      raw.run("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    } else {
      char tmpl[] = "/tmp/storage-contract-XXXXXX";
      ASSERT_NE(mkdtemp(tmpl), nullptr);
      dir_ = tmpl;
    }
    storage_ = open();
    // Store "s1" holds 5 lanterns and 10 tees, warehouse "w1" 100 tees.
    storage_->seed_stock({row(LocationKind::Store, "s1", "LANTERN", 5), row(LocationKind::Store, "s1", "TEE", 10),
                          row(LocationKind::Warehouse, "w1", "TEE", 100)});
  }
  void TearDown() override {
    second_.reset();
    storage_.reset();
    if (!dir_.empty()) std::system(("rm -rf " + dir_).c_str());
  }

  bool postgres() const { return GetParam() == "postgres"; }

  std::unique_ptr<Storage> open() {
    if (postgres()) {
      PostgresOptions o;
      o.url = postgres_url();
      o.connections = 8;
      return open_postgres_storage(o);
    }
    SqliteOptions o;
    o.path = dir_ + "/checkout.db";
    return open_sqlite_storage(o);
  }

  // One integer from SQL both dialects speak, read beside the storage.
  int64_t scalar(const std::string& sql) {
    if (postgres()) {
      PostgresOptions o;
      o.url = postgres_url();
      PgConnection raw(o);
      return raw.exec(sql).int64(0, 0);
    }
    SqliteConnection raw(dir_ + "/checkout.db", false);
    SqliteStatement s = raw.prepare(sql);
    s.step();
    return s.int64(0);
  }

  static StockRow row(LocationKind kind, const std::string& location, const std::string& sku, int64_t on_hand) {
    StockRow r;
    r.key = StockKey{kind, location, sku};
    r.on_hand = on_hand;
    r.available = on_hand;
    return r;
  }

  StockRow stock(LocationKind kind, const std::string& location, const std::string& sku) {
    std::vector<StockRow> rows = storage_->read_stock({StockKey{kind, location, sku}});
    if (rows.size() != 1) throw std::runtime_error("no stock row");
    return rows[0];
  }

  static NewOrder order(const std::string& id, const std::string& key, std::vector<StockLine> lines) {
    NewOrder o;
    o.public_id = id;
    o.idempotency_key = key;
    o.idempotency_scope = "ada@example.com";
    o.request_sha256 = "hash-" + key;
    o.channel = "web";
    o.customer.name = "Ada";
    o.customer.email = "Ada@Example.com";
    o.customer.email_key = "ada@example.com";
    o.quote_json = "{}";
    o.grand_total = 1000;
    o.currency = "USD";
    o.lines = std::move(lines);
    for (const StockLine& l : o.lines) {
      if (l.kind == LocationKind::Store) o.pickup_store = l.location;
    }
    o.response_body = "{\"order_id\":\"" + id + "\"}";
    o.created_at = kNow;
    return o;
  }

  static StockLine pickup(int32_t line, const std::string& sku, int64_t q, int64_t keep_back = 0) {
    return StockLine{line, sku, q, LocationKind::Store, "s1", keep_back};
  }
  static StockLine ship(int32_t line, const std::string& sku, int64_t q) {
    return StockLine{line, sku, q, LocationKind::Warehouse, "w1", 0};
  }

  // Two instances on one database: even threads use the first, odd ones a
  // second storage opened on the same database (another server process).
  Storage& instance(int t) {
    if (t % 2 == 0) return *storage_;
    std::call_once(second_opened_, [&] { second_ = open(); });
    return *second_;
  }

  // Runs `body(thread index)` on `n` threads at once.
  template <typename Body>
  static void in_parallel(int n, Body body) {
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < n; ++t) {
      threads.emplace_back([&, t] {
        ++ready;
        while (ready.load() < n) std::this_thread::yield();
        body(t);
      });
    }
    for (std::thread& t : threads) t.join();
  }

  std::string dir_;
  std::unique_ptr<Storage> storage_, second_;
  std::once_flag second_opened_;
};

TEST_P(StorageContractTest, SeedingTwiceKeepsLiveStock) {
  ASSERT_EQ(storage_->place_order(order("o1", "k1", {pickup(0, "TEE", 3)})).outcome,
            PlaceOrderResult::Outcome::Placed);
  // A restart seeds again from the catalog: only new rows are added.
  EXPECT_EQ(storage_->seed_stock({row(LocationKind::Store, "s1", "TEE", 10), row(LocationKind::Store, "s2", "TEE", 4)}), 1);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").available, 7);  // 10 - 3
  EXPECT_EQ(stock(LocationKind::Store, "s2", "TEE").available, 4);
}

TEST_P(StorageContractTest, PlacingReservesAtEachLocation) {
  PlaceOrderResult r = storage_->place_order(order("o1", "k1", {pickup(0, "TEE", 2), ship(1, "TEE", 7)}));
  ASSERT_EQ(r.outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_EQ(r.touched.size(), 2u);
  StockRow s = stock(LocationKind::Store, "s1", "TEE");
  EXPECT_EQ(s.on_hand, 10);
  EXPECT_EQ(s.available, 8);  // 10 - 2
  EXPECT_EQ(s.reserved, 2);
  StockRow w = stock(LocationKind::Warehouse, "w1", "TEE");
  EXPECT_EQ(w.available, 93);  // 100 - 7
  EXPECT_EQ(w.reserved, 7);
  std::optional<OrderRecord> o = storage_->get_order("o1");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->status, OrderStatus::Placed);
  EXPECT_EQ(o->pickup_store, "s1");
  ASSERT_EQ(o->lines.size(), 2u);
  EXPECT_EQ(o->lines[1].kind, LocationKind::Warehouse);
  ASSERT_EQ(o->history.size(), 1u);
  EXPECT_TRUE(storage_->audit().violations.empty());
}

TEST_P(StorageContractTest, ShortagesHonourKeepBackAndEarlierLines) {
  // 5 lanterns, keep back 1: 4 sellable; line 0 takes 3, line 1 wants 2 and can get 1.
  PlaceOrderResult r = storage_->place_order(order("o1", "k1", {pickup(0, "LANTERN", 3, 1), pickup(1, "LANTERN", 2, 1)}));
  ASSERT_EQ(r.outcome, PlaceOrderResult::Outcome::InsufficientStock);
  ASSERT_EQ(r.shortages.size(), 1u);
  EXPECT_EQ(r.shortages[0].line, 1);
  EXPECT_EQ(r.shortages[0].requested, 2);
  EXPECT_EQ(r.shortages[0].available, 1);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "LANTERN").available, 5);  // nothing moved
  EXPECT_FALSE(storage_->get_order("o1"));
  // A SKU the location never had counts as 0.
  r = storage_->place_order(order("o2", "k2", {ship(0, "LANTERN", 1)}));
  ASSERT_EQ(r.outcome, PlaceOrderResult::Outcome::InsufficientStock);
  EXPECT_EQ(r.shortages[0].available, 0);
  // Failures do not burn the key.
  EXPECT_FALSE(storage_->find_idempotency("ada@example.com", "k1", kNow));
}

TEST_P(StorageContractTest, SameKeyReplaysAndAnotherBodyIsRefused) {
  NewOrder first = order("o1", "k1", {pickup(0, "TEE", 1)});
  ASSERT_EQ(storage_->place_order(first).outcome, PlaceOrderResult::Outcome::Placed);
  NewOrder retry = order("o2", "k1", {pickup(0, "TEE", 1)});
  PlaceOrderResult r = storage_->place_order(retry);
  EXPECT_EQ(r.outcome, PlaceOrderResult::Outcome::Replayed);
  EXPECT_EQ(r.replay_body, "{\"order_id\":\"o1\"}");
  NewOrder other = order("o3", "k1", {pickup(0, "TEE", 2)});
  other.request_sha256 = "different";
  EXPECT_EQ(storage_->place_order(other).outcome, PlaceOrderResult::Outcome::KeyReused);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").reserved, 1);  // one order only
  std::optional<IdempotencyRecord> rec = storage_->find_idempotency("ada@example.com", "k1", kNow);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->order_id, "o1");
}

TEST_P(StorageContractTest, OrderNumbersAreUniqueAndACollisionDrawsAgain) {
  std::vector<std::string> draws{"AAA-AAA", "AAA-AAA", "BBB-BBB"};
  size_t next = 0;
  auto numbered = [&](const std::string& id, const std::string& key) {
    NewOrder o = order(id, key, {pickup(0, "TEE", 1)});
    o.next_number = [&] { return draws.at(next++); };
    o.response_for = [id](const std::string& number) { return "{\"order_id\":\"" + id + "\",\"number\":\"" + number + "\"}"; };
    return o;
  };
  PlaceOrderResult first = storage_->place_order(numbered("o1", "k1"));
  ASSERT_EQ(first.outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_EQ(first.number, "AAA-AAA");
  PlaceOrderResult second = storage_->place_order(numbered("o2", "k2"));
  ASSERT_EQ(second.outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_EQ(second.number, "BBB-BBB");  // the second draw collided with o1's
  EXPECT_EQ(second.response_body, "{\"order_id\":\"o2\",\"number\":\"BBB-BBB\"}");
  EXPECT_EQ(storage_->find_idempotency("ada@example.com", "k2", kNow)->response_body, second.response_body);  // replays say the same number
  std::optional<OrderRecord> by_number = storage_->get_order("BBB-BBB");
  ASSERT_TRUE(by_number);
  EXPECT_EQ(by_number->public_id, "o2");
  EXPECT_EQ(storage_->get_order("o1")->number, "AAA-AAA");
}

TEST_P(StorageContractTest, OneKeyFromTwoCustomersIsTwoOrders) {
  NewOrder ada = order("o1", "shared-key", {ship(0, "TEE", 1)});
  NewOrder bob = order("o2", "shared-key", {ship(0, "TEE", 1)});
  bob.idempotency_scope = "bob@example.com";
  bob.request_sha256 = "another body";
  EXPECT_EQ(storage_->place_order(ada).outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_EQ(storage_->place_order(bob).outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_EQ(storage_->find_idempotency("ada@example.com", "shared-key", kNow)->order_id, "o1");
  EXPECT_EQ(storage_->find_idempotency("bob@example.com", "shared-key", kNow)->order_id, "o2");
  EXPECT_EQ(stock(LocationKind::Warehouse, "w1", "TEE").reserved, 2);
}

TEST_P(StorageContractTest, PurchaseCapsCountInsideThePlacementAndRefuseAtTheLimit) {
  const PurchaseCap cap{"TEE", "customer:ada@example.com", 86400, 3, 2};
  NewOrder first = order("o1", "k1", {ship(0, "TEE", 2)});
  first.caps = {cap};
  EXPECT_EQ(storage_->place_order(first).outcome, PlaceOrderResult::Outcome::Placed);
  NewOrder second = order("o2", "k2", {ship(0, "TEE", 2)});
  second.caps = {cap, PurchaseCap{"TEE", "client:192.0.2.7", 86400, 10, 2}};
  PlaceOrderResult r = storage_->place_order(second);
  ASSERT_EQ(r.outcome, PlaceOrderResult::Outcome::PurchaseLimitReached);
  EXPECT_EQ(r.refused->cap.subject, "customer:ada@example.com");
  EXPECT_EQ(r.refused->remaining, 1);
  EXPECT_EQ(stock(LocationKind::Warehouse, "w1", "TEE").reserved, 2);  // the refused order moved nothing
  EXPECT_FALSE(storage_->get_order("o2"));
  // One more unit fits, and the client counter was not raised by the refusal.
  NewOrder third = order("o3", "k3", {ship(0, "TEE", 1)});
  third.caps = {PurchaseCap{"TEE", "customer:ada@example.com", 86400, 3, 1}, PurchaseCap{"TEE", "client:192.0.2.7", 86400, 1, 1}};
  EXPECT_EQ(storage_->place_order(third).outcome, PlaceOrderResult::Outcome::Placed);
  // A new window starts from zero.
  NewOrder later = order("o4", "k4", {ship(0, "TEE", 3)});
  later.caps = {PurchaseCap{"TEE", "customer:ada@example.com", 2 * 86400, 3, 3}};
  EXPECT_EQ(storage_->place_order(later).outcome, PlaceOrderResult::Outcome::Placed);
}

TEST_P(StorageContractTest, CounterSalesCountAgainstTheSameCaps) {
  NewOrder online = order("o1", "k1", {ship(0, "TEE", 2)});
  online.caps = {PurchaseCap{"TEE", "customer:ada@example.com", 0, 2, 2}};
  ASSERT_EQ(storage_->place_order(online).outcome, PlaceOrderResult::Outcome::Placed);
  NewSale sale;
  sale.public_id = "sale_1";
  sale.store_id = "s1";
  sale.customer.email_key = "ada@example.com";
  sale.quote_json = "{}";
  sale.currency = "USD";
  sale.lines = {StockLine{0, "TEE", 1, LocationKind::Store, "s1", 0}};
  sale.caps = {PurchaseCap{"TEE", "customer:ada@example.com", 0, 2, 1}};
  SaleResult r = storage_->record_sale(sale);
  ASSERT_EQ(r.outcome, SaleResult::Outcome::PurchaseLimitReached);
  EXPECT_EQ(r.refused->remaining, 0);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").on_hand, 10);
}

TEST_P(StorageContractTest, UsageLimitsAreCheckedInsideThePlacement) {
  const PromotionUse once{"onetime", 1, std::nullopt};
  NewOrder a = order("o1", "k1", {ship(0, "TEE", 1)});
  a.promotions = {once};
  ASSERT_EQ(storage_->place_order(a).outcome, PlaceOrderResult::Outcome::Placed);
  NewOrder b = order("o2", "k2", {ship(0, "TEE", 1)});
  b.customer.email_key = "bob@example.com";
  b.promotions = {once};
  PlaceOrderResult r = storage_->place_order(b);
  ASSERT_EQ(r.outcome, PlaceOrderResult::Outcome::UsageLimitReached);
  EXPECT_EQ(r.exhausted, std::vector<std::string>{"onetime"});
  EXPECT_EQ(stock(LocationKind::Warehouse, "w1", "TEE").reserved, 1);

  const std::vector<PromotionLimit> limits = {{"onetime", 1, std::nullopt}, {"welcome", std::nullopt, 1},
                                              {"open", 5, std::nullopt}};
  EXPECT_EQ(storage_->exhausted_promotions(limits, "bob@example.com"), std::vector<std::string>{"onetime"});
  // Per-customer: anonymous customers cannot use it at all.
  EXPECT_EQ(storage_->exhausted_promotions(limits, ""), (std::vector<std::string>{"onetime", "welcome"}));
  NewOrder c = order("o3", "k3", {ship(0, "TEE", 1)});
  c.promotions = {PromotionUse{"welcome", std::nullopt, 1}};
  ASSERT_EQ(storage_->place_order(c).outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_EQ(storage_->exhausted_promotions(limits, "ada@example.com"), (std::vector<std::string>{"onetime", "welcome"}));
  EXPECT_EQ(storage_->exhausted_promotions(limits, "bob@example.com"), std::vector<std::string>{"onetime"});
}

TEST_P(StorageContractTest, PickupLifecycleMovesStock) {
  ASSERT_EQ(storage_->place_order(order("o1", "k1", {pickup(0, "TEE", 3)})).outcome, PlaceOrderResult::Outcome::Placed);
  TransitionResult t = storage_->transition_order("s1", "o1", OrderStatus::ReadyForPickup, 1'790'000'100);
  ASSERT_EQ(t.outcome, TransitionResult::Outcome::Done);
  StockRow s = stock(LocationKind::Store, "s1", "TEE");
  EXPECT_EQ(s.reserved, 0);
  EXPECT_EQ(s.committed, 3);
  EXPECT_EQ(s.available, 7);
  EXPECT_TRUE(storage_->audit().violations.empty());

  // Illegal: ready -> ready, and back to placed.
  EXPECT_EQ(storage_->transition_order("s1", "o1", OrderStatus::ReadyForPickup, 1).outcome,
            TransitionResult::Outcome::Illegal);
  EXPECT_EQ(storage_->transition_order("s1", "o1", OrderStatus::Placed, 1).outcome, TransitionResult::Outcome::Illegal);
  // Another store cannot see it.
  EXPECT_EQ(storage_->transition_order("s2", "o1", OrderStatus::PickedUp, 1).outcome,
            TransitionResult::Outcome::NotFound);

  t = storage_->transition_order("s1", "o1", OrderStatus::PickedUp, 1'790'000'200);
  ASSERT_EQ(t.outcome, TransitionResult::Outcome::Done);
  s = stock(LocationKind::Store, "s1", "TEE");
  EXPECT_EQ(s.on_hand, 7);  // 10 - 3 handed over
  EXPECT_EQ(s.committed, 0);
  EXPECT_EQ(s.available, 7);
  EXPECT_EQ(storage_->transition_order("s1", "o1", OrderStatus::Cancelled, 1).outcome,
            TransitionResult::Outcome::Illegal);
  ASSERT_TRUE(t.order);
  EXPECT_EQ(t.order->history.size(), 3u);
  EXPECT_TRUE(storage_->audit().violations.empty());
}

TEST_P(StorageContractTest, CancelReleasesStockAndCouponUse) {
  NewOrder o = order("o1", "k1", {pickup(0, "TEE", 2), ship(1, "TEE", 5)});
  o.promotions = {PromotionUse{"onetime", 1, std::nullopt}};
  ASSERT_EQ(storage_->place_order(o).outcome, PlaceOrderResult::Outcome::Placed);
  ASSERT_EQ(storage_->transition_order("s1", "o1", OrderStatus::ReadyForPickup, 2).outcome,
            TransitionResult::Outcome::Done);
  TransitionResult t = storage_->transition_order("s1", "o1", OrderStatus::Cancelled, 3);
  ASSERT_EQ(t.outcome, TransitionResult::Outcome::Done);
  EXPECT_EQ(t.touched.size(), 2u);
  StockRow s = stock(LocationKind::Store, "s1", "TEE");
  EXPECT_EQ(s.available, 10);
  EXPECT_EQ(s.committed, 0);
  StockRow w = stock(LocationKind::Warehouse, "w1", "TEE");
  EXPECT_EQ(w.available, 100);
  EXPECT_EQ(w.reserved, 0);
  EXPECT_TRUE(storage_->exhausted_promotions({{"onetime", 1, std::nullopt}}, "x@example.com").empty());
  EXPECT_TRUE(storage_->audit().violations.empty());
}

TEST_P(StorageContractTest, SaleTakesFromTheShelf) {
  NewSale sale;
  sale.public_id = "sale1";
  sale.store_id = "s1";
  sale.quote_json = "{}";
  sale.currency = "USD";
  sale.lines = {pickup(0, "LANTERN", 5)};  // all of them: no safety stock at the counter
  sale.created_at = 5;
  SaleResult r = storage_->record_sale(sale);
  ASSERT_EQ(r.outcome, SaleResult::Outcome::Recorded);
  StockRow s = stock(LocationKind::Store, "s1", "LANTERN");
  EXPECT_EQ(s.on_hand, 0);
  EXPECT_EQ(s.available, 0);
  sale.public_id = "sale2";
  sale.lines = {pickup(0, "LANTERN", 1)};
  r = storage_->record_sale(sale);
  ASSERT_EQ(r.outcome, SaleResult::Outcome::InsufficientStock);
  EXPECT_EQ(r.shortages[0].available, 0);
}

TEST_P(StorageContractTest, ConcurrentOrdersNeverOversell) {
  // 16 threads x 4 attempts at 1 lantern each, 5 in stock: exactly 5 succeed.
  std::atomic<int> placed{0}, short_of_stock{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 4; ++i) {
        const std::string id = "o" + std::to_string(t) + "-" + std::to_string(i);
        PlaceOrderResult r = storage_->place_order(order(id, id, {pickup(0, "LANTERN", 1)}));
        if (r.outcome == PlaceOrderResult::Outcome::Placed) ++placed;
        if (r.outcome == PlaceOrderResult::Outcome::InsufficientStock) ++short_of_stock;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(placed.load(), 5);
  EXPECT_EQ(short_of_stock.load(), 59);  // 64 - 5
  StockRow s = stock(LocationKind::Store, "s1", "LANTERN");
  EXPECT_EQ(s.available, 0);
  EXPECT_EQ(s.reserved, 5);
  EXPECT_EQ(storage_->store_orders("s1", {}, 100).size(), 5u);
}

TEST_P(StorageContractTest, StoreQueueFiltersByStatus) {
  ASSERT_EQ(storage_->place_order(order("o1", "k1", {pickup(0, "TEE", 1)})).outcome, PlaceOrderResult::Outcome::Placed);
  ASSERT_EQ(storage_->place_order(order("o2", "k2", {pickup(0, "TEE", 1)})).outcome, PlaceOrderResult::Outcome::Placed);
  ASSERT_EQ(storage_->place_order(order("o3", "k3", {ship(0, "TEE", 1)})).outcome, PlaceOrderResult::Outcome::Placed);
  ASSERT_EQ(storage_->transition_order("s1", "o1", OrderStatus::ReadyForPickup, 9).outcome,
            TransitionResult::Outcome::Done);
  std::vector<OrderRecord> all = storage_->store_orders("s1", {}, 10);
  ASSERT_EQ(all.size(), 2u);  // the shipped order is in no store's queue
  EXPECT_EQ(all[0].public_id, "o2");  // newest first
  std::vector<OrderRecord> ready = storage_->store_orders("s1", {OrderStatus::ReadyForPickup}, 10);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].public_id, "o1");
}

TEST_P(StorageContractTest, LapseReleasesTheStoreLinesOnceAndOnlyWhileTheHoldIsAsJudged) {
  ASSERT_EQ(storage_->place_order(order("o1", "k1", {pickup(0, "TEE", 2), ship(1, "TEE", 5)})).outcome,
            PlaceOrderResult::Outcome::Placed);
  ASSERT_EQ(storage_->place_order(order("o2", "k2", {pickup(0, "LANTERN", 1)})).outcome, PlaceOrderResult::Outcome::Placed);
  // Not ready yet: the shopper was never told to come.
  EXPECT_EQ(storage_->lapse_order("s1", "o2", std::nullopt, 5).outcome, TransitionResult::Outcome::Illegal);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "LANTERN").reserved, 1);
  ASSERT_EQ(storage_->transition_order("s1", "o1", OrderStatus::ReadyForPickup, 2).outcome, TransitionResult::Outcome::Done);
  // Judged on a hold that is not the stored one: nothing changes.
  EXPECT_EQ(storage_->lapse_order("s1", "o1", int64_t{99}, 5).outcome, TransitionResult::Outcome::Illegal);
  EXPECT_EQ(storage_->lapse_order("s2", "o1", std::nullopt, 5).outcome, TransitionResult::Outcome::NotFound);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").committed, 2);

  TransitionResult t = storage_->lapse_order("s1", "o1", std::nullopt, 5);
  ASSERT_EQ(t.outcome, TransitionResult::Outcome::Done);
  EXPECT_EQ(t.from, OrderStatus::ReadyForPickup);
  ASSERT_TRUE(t.order);
  EXPECT_EQ(t.order->status, OrderStatus::Lapsed);
  EXPECT_EQ(t.order->history.back().at, 5);
  ASSERT_EQ(t.touched.size(), 1u);  // the store line; the shipped one left with its parcel
  StockRow s = stock(LocationKind::Store, "s1", "TEE");
  EXPECT_EQ(s.available, 10);
  EXPECT_EQ(s.committed, 0);
  EXPECT_EQ(s.on_hand, 10);
  EXPECT_EQ(stock(LocationKind::Warehouse, "w1", "TEE").reserved, 5);
  EXPECT_TRUE(storage_->audit().violations.empty());

  // Once: a second lapse, a collect or a cancel moves nothing.
  EXPECT_EQ(storage_->lapse_order("s1", "o1", std::nullopt, 6).outcome, TransitionResult::Outcome::Illegal);
  EXPECT_EQ(storage_->transition_order("s1", "o1", OrderStatus::PickedUp, 6).outcome, TransitionResult::Outcome::Illegal);
  EXPECT_EQ(storage_->transition_order("s1", "o1", OrderStatus::Cancelled, 6).outcome, TransitionResult::Outcome::Illegal);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").available, 10);
  std::optional<OrderRecord> stored = storage_->get_order("o1");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, OrderStatus::Lapsed);
  EXPECT_EQ(stored->history.size(), 3u);  // placed, ready, lapsed: once
  EXPECT_EQ(storage_->store_orders("s1", {OrderStatus::Lapsed}, 10).size(), 1u);
  EXPECT_TRUE(storage_->audit().violations.empty());
}

TEST_P(StorageContractTest, ACollectedOrderCannotLapse) {
  ASSERT_EQ(storage_->place_order(order("o1", "k1", {pickup(0, "TEE", 3)})).outcome, PlaceOrderResult::Outcome::Placed);
  ASSERT_EQ(storage_->transition_order("s1", "o1", OrderStatus::ReadyForPickup, 2).outcome, TransitionResult::Outcome::Done);
  ASSERT_EQ(storage_->transition_order("s1", "o1", OrderStatus::PickedUp, 3).outcome, TransitionResult::Outcome::Done);
  TransitionResult t = storage_->lapse_order("s1", "o1", std::nullopt, 4);
  EXPECT_EQ(t.outcome, TransitionResult::Outcome::Illegal);
  EXPECT_EQ(t.from, OrderStatus::PickedUp);
  StockRow s = stock(LocationKind::Store, "s1", "TEE");
  EXPECT_EQ(s.on_hand, 7);  // the 3 handed over did not come back
  EXPECT_EQ(s.available, 7);
  EXPECT_EQ(storage_->get_order("o1")->status, OrderStatus::PickedUp);
  EXPECT_TRUE(storage_->audit().violations.empty());
}

TEST_P(StorageContractTest, ExtendingAHoldIsConditionalOnTheHoldSeen) {
  ASSERT_EQ(storage_->place_order(order("o1", "k1", {pickup(0, "TEE", 1)})).outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_EQ(storage_->extend_hold("s1", "o1", std::nullopt, 100).outcome, TransitionResult::Outcome::Illegal);  // placed
  ASSERT_EQ(storage_->transition_order("s1", "o1", OrderStatus::ReadyForPickup, 2).outcome, TransitionResult::Outcome::Done);
  EXPECT_FALSE(storage_->get_order("o1")->hold_until);
  TransitionResult t = storage_->extend_hold("s1", "o1", std::nullopt, 100);
  ASSERT_EQ(t.outcome, TransitionResult::Outcome::Done);
  EXPECT_EQ(t.order->hold_until, std::optional<int64_t>(100));
  EXPECT_EQ(storage_->get_order("o1")->hold_until, std::optional<int64_t>(100));
  EXPECT_EQ(storage_->store_orders("s1", {OrderStatus::ReadyForPickup}, 10).at(0).hold_until,
            std::optional<int64_t>(100));
  // A lapse or extension judged on the hold before that extension (stale) changes nothing.
  EXPECT_EQ(storage_->lapse_order("s1", "o1", std::nullopt, 50).outcome, TransitionResult::Outcome::Illegal);
  TransitionResult stale = storage_->extend_hold("s1", "o1", std::nullopt, 200);
  EXPECT_EQ(stale.outcome, TransitionResult::Outcome::Illegal);
  ASSERT_TRUE(stale.order);
  EXPECT_EQ(stale.order->hold_until, std::optional<int64_t>(100));  // what is there now
  EXPECT_EQ(storage_->get_order("o1")->hold_until, std::optional<int64_t>(100));
  EXPECT_EQ(storage_->extend_hold("s2", "o1", int64_t{100}, 200).outcome, TransitionResult::Outcome::NotFound);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").committed, 1);
  EXPECT_EQ(storage_->lapse_order("s1", "o1", int64_t{100}, 150).outcome, TransitionResult::Outcome::Done);
  EXPECT_EQ(storage_->extend_hold("s1", "o1", int64_t{100}, 300).outcome, TransitionResult::Outcome::Illegal);  // lapsed
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").available, 10);
}

TEST_P(StorageContractTest, LapseAndCollectRacedOnTwoInstancesNeverBothHappen) {
  // 8 ready orders of one tee each; for each, a lapse from one instance, a
  // collect from the other and a second lapse, all at once. Exactly one of
  // the three changes each order, and the stock moves once per order.
  constexpr int kOrders = 8;
  for (int i = 0; i < kOrders; ++i) {
    const std::string id = "o" + std::to_string(i);
    ASSERT_EQ(storage_->place_order(order(id, "k" + std::to_string(i), {pickup(0, "TEE", 1)})).outcome,
              PlaceOrderResult::Outcome::Placed);
    ASSERT_EQ(storage_->transition_order("s1", id, OrderStatus::ReadyForPickup, 2).outcome,
              TransitionResult::Outcome::Done);
  }
  std::atomic<int> lapsed{0}, collected{0}, refused{0};
  in_parallel(kOrders * 3, [&](int t) {
    const std::string id = "o" + std::to_string(t / 3);
    TransitionResult r = t % 3 == 1 ? instance(t).transition_order("s1", id, OrderStatus::PickedUp, 10)
                                    : instance(t).lapse_order("s1", id, std::nullopt, 10);
    if (r.outcome == TransitionResult::Outcome::Done) (t % 3 == 1 ? collected : lapsed)++;
    if (r.outcome == TransitionResult::Outcome::Illegal) ++refused;
  });
  EXPECT_EQ(lapsed.load() + collected.load(), kOrders);
  EXPECT_EQ(refused.load(), 2 * kOrders);
  int lapsed_orders = 0, collected_orders = 0;
  for (int i = 0; i < kOrders; ++i) {
    std::optional<OrderRecord> o = storage_->get_order("o" + std::to_string(i));
    ASSERT_TRUE(o);
    EXPECT_EQ(o->history.size(), 3u);  // placed, ready, and one ending
    if (o->status == OrderStatus::Lapsed) ++lapsed_orders;
    if (o->status == OrderStatus::PickedUp) ++collected_orders;
  }
  EXPECT_EQ(lapsed_orders, lapsed.load());
  EXPECT_EQ(collected_orders, collected.load());
  StockRow s = stock(LocationKind::Store, "s1", "TEE");
  EXPECT_EQ(s.committed, 0);
  EXPECT_EQ(s.on_hand, 10 - collected.load());
  EXPECT_EQ(s.available, 10 - kOrders + lapsed.load());
  EXPECT_TRUE(storage_->audit().violations.empty());
}

TEST_P(StorageContractTest, AKeyExpiresAfter24HoursAndIsThenNew) {
  ASSERT_EQ(storage_->place_order(order("o1", "k1", {ship(0, "TEE", 1)})).outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_TRUE(storage_->find_idempotency("ada@example.com", "k1", kNow + kIdempotencyKeyLifetime));
  EXPECT_FALSE(storage_->find_idempotency("ada@example.com", "k1", kNow + kIdempotencyKeyLifetime + 1));
  // A day and a second later the same key with another body is a new order, not a reuse.
  NewOrder later = order("o2", "k1", {ship(0, "TEE", 2)});
  later.request_sha256 = "another body";
  later.created_at = kNow + kIdempotencyKeyLifetime + 1;
  ASSERT_EQ(storage_->place_order(later).outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_EQ(storage_->find_idempotency("ada@example.com", "k1", later.created_at)->order_id, "o2");
  EXPECT_EQ(stock(LocationKind::Warehouse, "w1", "TEE").reserved, 3);  // both orders stand
  // Other expired keys are deleted as new orders come in: the table does not grow without end.
  for (int i = 0; i < 3; ++i) {
    NewOrder o = order("old" + std::to_string(i), "old" + std::to_string(i), {});
    ASSERT_EQ(storage_->place_order(o).outcome, PlaceOrderResult::Outcome::Placed);
  }
  NewOrder next_day = order("o3", "k3", {});
  next_day.created_at = kNow + 2 * kIdempotencyKeyLifetime;
  ASSERT_EQ(storage_->place_order(next_day).outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_EQ(scalar("SELECT count(*) FROM idempotency WHERE created_at < " +
                   std::to_string(next_day.created_at - kIdempotencyKeyLifetime)),
            0);
}

TEST_P(StorageContractTest, TheQuoteIsStoredOnceAndReplaysWhole) {
  NewOrder o = order("o1", "k1", {ship(0, "TEE", 1)});
  o.quote_json = "{\"lines\":[{\"sku\":\"TEE\",\"note\":\"" + std::string(8'000, 'x') + "\"}]}";
  o.response_body = "{\"order_id\":\"o1\",\"quote\":" + o.quote_json + "}";
  ASSERT_EQ(storage_->place_order(o).outcome, PlaceOrderResult::Outcome::Placed);
  PlaceOrderResult replay = storage_->place_order(order("o2", "k1", {ship(0, "TEE", 1)}));
  ASSERT_EQ(replay.outcome, PlaceOrderResult::Outcome::Replayed);
  EXPECT_EQ(replay.replay_body, o.response_body);
  EXPECT_EQ(storage_->find_idempotency("ada@example.com", "k1", kNow)->response_body, o.response_body);
  EXPECT_EQ(storage_->get_order("o1")->quote_json, o.quote_json);
  // The key's row holds the body without the 8 KB quote.
  EXPECT_LT(scalar("SELECT max(length(response_body)) FROM idempotency"), 100);
}

TEST_P(StorageContractTest, ConcurrentOrdersForOppositeLineOrdersNeverDeadlock) {
  storage_->seed_stock({row(LocationKind::Store, "s1", "MUG", 1000), row(LocationKind::Store, "s1", "CAP", 1000)});
  std::atomic<int> placed{0}, failed{0};
  in_parallel(8, [&](int t) {
    for (int i = 0; i < 10; ++i) {
      const std::string id = "o" + std::to_string(t) + "-" + std::to_string(i);
      std::vector<StockLine> lines = t % 2 == 0
                                         ? std::vector<StockLine>{pickup(0, "MUG", 1), pickup(1, "CAP", 1)}
                                         : std::vector<StockLine>{pickup(0, "CAP", 1), pickup(1, "MUG", 1)};
      try {
        if (instance(t).place_order(order(id, id, lines)).outcome == PlaceOrderResult::Outcome::Placed) ++placed;
      } catch (const std::exception&) {
        ++failed;
      }
    }
  });
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(placed.load(), 80);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "MUG").reserved, 80);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "CAP").reserved, 80);
  EXPECT_TRUE(storage_->audit().violations.empty());
}

TEST_P(StorageContractTest, ACouponLimitHoldsUnderConcurrency) {
  // A total limit of 3 raced by 16 customers, and a per-customer limit of 1
  // raced by 16 orders of one customer: exactly 3 and exactly 1.
  std::atomic<int> total_placed{0}, mine_placed{0}, refused{0};
  in_parallel(16, [&](int t) {
    NewOrder o = order("t" + std::to_string(t), "t" + std::to_string(t), {ship(0, "TEE", 1)});
    o.customer.email_key = "shopper" + std::to_string(t) + "@example.com";
    o.idempotency_scope = o.customer.email_key;
    o.promotions = {PromotionUse{"three", 3, std::nullopt}};
    PlaceOrderResult r = instance(t).place_order(o);
    if (r.outcome == PlaceOrderResult::Outcome::Placed) ++total_placed;
    if (r.outcome == PlaceOrderResult::Outcome::UsageLimitReached) ++refused;
    NewOrder mine = order("m" + std::to_string(t), "m" + std::to_string(t), {ship(0, "TEE", 1)});
    mine.promotions = {PromotionUse{"once-each", std::nullopt, 1}};
    if (instance(t).place_order(mine).outcome == PlaceOrderResult::Outcome::Placed) ++mine_placed;
  });
  EXPECT_EQ(total_placed.load(), 3);
  EXPECT_EQ(refused.load(), 13);
  EXPECT_EQ(mine_placed.load(), 1);
  EXPECT_EQ(storage_->exhausted_promotions({{"three", 3, std::nullopt}, {"once-each", std::nullopt, 1}},
                                           "ada@example.com"),
            (std::vector<std::string>{"once-each", "three"}));
  EXPECT_EQ(stock(LocationKind::Warehouse, "w1", "TEE").reserved, 4);  // refused orders moved nothing
}

TEST_P(StorageContractTest, APurchaseLimitHoldsUnderConcurrency) {
  std::atomic<int> placed{0};
  in_parallel(16, [&](int t) {
    NewOrder o = order("o" + std::to_string(t), "k" + std::to_string(t), {ship(0, "TEE", 1)});
    o.caps = {PurchaseCap{"TEE", "customer:ada@example.com", 0, 5, 1}};
    if (instance(t).place_order(o).outcome == PlaceOrderResult::Outcome::Placed) ++placed;
  });
  EXPECT_EQ(placed.load(), 5);
  EXPECT_EQ(stock(LocationKind::Warehouse, "w1", "TEE").reserved, 5);
}

TEST_P(StorageContractTest, OneKeySentAtOnceMakesOneOrder) {
  std::atomic<int> placed{0}, replayed{0};
  in_parallel(8, [&](int t) {
    PlaceOrderResult r = instance(t).place_order(order("o" + std::to_string(t), "same-key", {ship(0, "TEE", 1)}));
    if (r.outcome == PlaceOrderResult::Outcome::Placed) ++placed;
    if (r.outcome == PlaceOrderResult::Outcome::Replayed) ++replayed;
  });
  EXPECT_EQ(placed.load(), 1);
  EXPECT_EQ(replayed.load(), 7);
  EXPECT_EQ(stock(LocationKind::Warehouse, "w1", "TEE").reserved, 1);
}

TEST_P(StorageContractTest, ReturnsComeBackOnceAndReplay) {
  ASSERT_EQ(storage_->place_order(order("o1", "k1", {pickup(0, "TEE", 3)})).outcome, PlaceOrderResult::Outcome::Placed);
  ASSERT_EQ(storage_->transition_order("s1", "o1", OrderStatus::ReadyForPickup, kNow + 1).outcome,
            TransitionResult::Outcome::Done);
  ASSERT_EQ(storage_->transition_order("s1", "o1", OrderStatus::PickedUp, kNow + 2).outcome,
            TransitionResult::Outcome::Done);
  auto a_return = [](const std::string& id, const std::string& key, int64_t units, int64_t before) {
    NewReturn r;
    r.record.public_id = id;
    r.record.received_kind = "store";
    r.record.received_location = "s1";
    r.record.channel = "store";
    r.record.refund_method = "cash";
    r.record.refund_total = 100 * units;
    r.record.currency = "USD";
    r.record.refund_json = "{}";
    r.record.created_at = kNow + 3;
    r.record.lines = {ReturnLineRecord{0, "TEE", units, true, 100 * units}};
    r.order_public_id = "o1";
    r.idempotency_key = key;
    r.request_sha256 = "hash-" + key + std::to_string(units);
    r.returns_before = before;
    r.restock = {{StockKey{LocationKind::Store, "s1", "TEE"}, units}};
    r.response_body = "{\"return_id\":\"" + id + "\"}";
    return r;
  };
  ASSERT_EQ(storage_->record_return(a_return("r1", "rk1", 2, 0)).outcome, ReturnResult::Outcome::Recorded);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").available, 9);  // 10 - 3 + 2
  ReturnResult again = storage_->record_return(a_return("r1b", "rk1", 2, 0));
  EXPECT_EQ(again.outcome, ReturnResult::Outcome::Replayed);
  EXPECT_EQ(again.replay_body, "{\"return_id\":\"r1\"}");
  EXPECT_EQ(storage_->record_return(a_return("r1c", "rk1", 1, 0)).outcome, ReturnResult::Outcome::KeyReused);
  EXPECT_EQ(storage_->record_return(a_return("r2", "rk2", 1, 0)).outcome, ReturnResult::Outcome::Stale);
  EXPECT_EQ(storage_->record_return(a_return("r2", "rk2", 2, 1)).outcome, ReturnResult::Outcome::ExceedsOrder);
  EXPECT_EQ(storage_->find_return_key("rk1")->order_id, "r1");
  // Two returns of the last unit at once: one is recorded.
  std::atomic<int> recorded{0};
  in_parallel(4, [&](int t) {
    const std::string id = "r-last" + std::to_string(t);
    if (instance(t).record_return(a_return(id, id, 1, 1)).outcome == ReturnResult::Outcome::Recorded) ++recorded;
  });
  EXPECT_EQ(recorded.load(), 1);
  std::vector<ReturnRecord> returns = storage_->order_returns("o1");
  ASSERT_EQ(returns.size(), 2u);
  EXPECT_EQ(returns[0].public_id, "r1");
  EXPECT_EQ(returns[0].lines.at(0).quantity, 2);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").on_hand, 10);
}

TEST_P(StorageContractTest, OpeningAgainMigratesOnceAndKeepsState) {
  ASSERT_EQ(storage_->place_order(order("o1", "k1", {pickup(0, "TEE", 4)})).outcome, PlaceOrderResult::Outcome::Placed);
  // Instances starting together on one database: every one opens, none
  // migrates twice (the second would fail creating existing tables).
  std::vector<std::unique_ptr<Storage>> more(3);
  std::atomic<int> failed{0};
  in_parallel(3, [&](int t) {
    try {
      more[t] = open();
    } catch (const std::exception&) {
      ++failed;
    }
  });
  EXPECT_EQ(failed.load(), 0);
  for (auto& s : more) {
    ASSERT_TRUE(s);
    EXPECT_EQ(s->read_stock({StockKey{LocationKind::Store, "s1", "TEE"}}).at(0).reserved, 4);
  }
  // What one instance writes, another reads.
  ASSERT_EQ(more[0]->place_order(order("o2", "k2", {pickup(0, "TEE", 1)})).outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_TRUE(more[1]->get_order("o2"));
  more.clear();
  storage_.reset();
  storage_ = open();
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").reserved, 5);
}

TEST_P(StorageContractTest, AuditStaysConsistentThroughAMixOfEverything) {
  std::atomic<int> placed{0};
  in_parallel(6, [&](int t) {
    for (int i = 0; i < 6; ++i) {
      const std::string id = "o" + std::to_string(t) + "-" + std::to_string(i);
      if (storage_->place_order(order(id, id, {pickup(0, "TEE", 1), ship(1, "TEE", 2)})).outcome ==
          PlaceOrderResult::Outcome::Placed) {
        ++placed;
        if (i % 3 == 1) storage_->transition_order("s1", id, OrderStatus::ReadyForPickup, kNow + 1);
        if (i % 3 == 2) storage_->transition_order("s1", id, OrderStatus::Cancelled, kNow + 1);
      }
    }
  });
  EXPECT_GE(placed.load(), 10);  // 10 tees at the store, more as cancelled orders give theirs back
  AuditReport report = storage_->audit();
  EXPECT_EQ(report.rows, 3);
  EXPECT_TRUE(report.violations.empty()) << report.violations.at(0);
}

TEST_P(StorageContractTest, AuditNamesARowThatDisagreesWithItsOrders) {
  ASSERT_EQ(storage_->place_order(order("o1", "k1", {pickup(0, "TEE", 2)})).outcome, PlaceOrderResult::Outcome::Placed);
  // A stock row moved behind the storage's back (the sum still holds).
  scalar("UPDATE stock SET reserved = reserved - 1, available = available + 1 WHERE sku = 'TEE' AND kind = 'store'");
  AuditReport report = storage_->audit();
  ASSERT_EQ(report.violations.size(), 1u);
  EXPECT_NE(report.violations[0].find("reserved 1 (orders say 2)"), std::string::npos) << report.violations[0];
}

TEST_P(StorageContractTest, TextWithQuotesBracesAndBackslashesRoundTrips) {
  const std::string sku = "ODD \"SKU\", {x}\\y NULL";
  storage_->seed_stock({row(LocationKind::Store, "s1", sku, 3)});
  NewOrder o = order("o1", "k1", {pickup(0, sku, 2), pickup(1, "TEE", 1)});
  ASSERT_EQ(storage_->place_order(o).outcome, PlaceOrderResult::Outcome::Placed);
  std::optional<OrderRecord> placed = storage_->get_order("o1");
  ASSERT_TRUE(placed);
  ASSERT_EQ(placed->lines.size(), 2u);
  EXPECT_EQ(placed->lines[0].sku, sku);
  EXPECT_EQ(placed->lines[0].quantity, 2);
  EXPECT_EQ(stock(LocationKind::Store, "s1", sku).reserved, 2);
  EXPECT_TRUE(storage_->audit().violations.empty());
}

TEST_P(StorageContractTest, OrderNumbersDrawnAtOnceByTwoInstancesStayUnique) {
  // Every placement draws "SAME-001" first: one order gets it, every other
  // draws again (on PostgreSQL the unique index refuses the loser, whose
  // transaction is retried), and none fails.
  std::atomic<int> placed{0}, failed{0};
  std::vector<std::string> numbers(8);
  in_parallel(8, [&](int t) {
    int draws = 0;
    // No lines: no stock row would make the placements wait for each other.
    NewOrder o = order("o" + std::to_string(t), "k" + std::to_string(t), {});
    o.next_number = [&draws, t] { return draws++ == 0 ? std::string("SAME-001") : "T" + std::to_string(t) + "-" + std::to_string(draws); };
    o.response_for = [](const std::string& number) { return "{\"number\":\"" + number + "\"}"; };
    try {
      PlaceOrderResult r = instance(t).place_order(o);
      if (r.outcome == PlaceOrderResult::Outcome::Placed) {
        ++placed;
        numbers[t] = r.number;
      }
    } catch (const std::exception&) {
      ++failed;
    }
  });
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(placed.load(), 8);
  EXPECT_EQ(std::count(numbers.begin(), numbers.end(), "SAME-001"), 1);
  std::sort(numbers.begin(), numbers.end());
  EXPECT_EQ(std::unique(numbers.begin(), numbers.end()), numbers.end());
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageContractTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// Ends every other session on the database (as a restart does) and waits
// until their processes are gone, so the clients' sockets are closed.
void end_other_sessions(const PostgresOptions& o) {
  PgConnection killer(o);
  killer.run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
             "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  for (int i = 0; i < 500; ++i) {
    if (killer.exec("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()").int64(0, 0) == 0) {
      return;
    }
    usleep(10'000);
  }
}

TEST(PostgresFaultTest, ALostConnectionIsAStorageFaultNeverABug) {
  SKIP_OR_FAIL_WITHOUT_POSTGRES();
  PostgresOptions o;
  o.url = postgres_url();
  PgConnection victim(o);
  end_other_sessions(o);
  try {
    victim.exec("SELECT 1");
    FAIL() << "a statement on a connection the server ended succeeded";
  } catch (const StorageFault& f) {
    EXPECT_EQ(f.kind(), StorageFault::Kind::unavailable);  // 503, never 500
  }
  EXPECT_TRUE(victim.broken());
}

TEST(PostgresFaultTest, APooledConnectionTheServerEndedIsMadeAgainBeforeUse) {
  SKIP_OR_FAIL_WITHOUT_POSTGRES();
  PostgresOptions o;
  o.url = postgres_url();
  {
    PgConnection raw(o);
    raw.run("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  }
  o.connections = 2;
  std::unique_ptr<Storage> storage = open_postgres_storage(o);
  storage->seed_stock({StockRow{StockKey{LocationKind::Warehouse, "w1", "TEE"}, 10, 10, 0, 0}});
  end_other_sessions(o);
  NewOrder n;
  n.public_id = "o1";
  n.idempotency_key = "k1";
  n.request_sha256 = "h";
  n.channel = "web";
  n.quote_json = "{}";
  n.currency = "USD";
  n.lines = {StockLine{0, "TEE", 1, LocationKind::Warehouse, "w1", 0}};
  n.response_body = "{}";
  n.created_at = kNow;
  // After a database restart the first request on each pooled connection
  // must not be the one that finds out it is gone (a 503 for nothing).
  const PlaceOrderResult placed = storage->place_order(n);
  EXPECT_EQ(placed.outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_EQ(storage->read_stock({StockKey{LocationKind::Warehouse, "w1", "TEE"}}).at(0).reserved, 1);
}

}  // namespace
}  // namespace server
