// SqliteStorage against a real database file in a temporary directory.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sqlite_db.h"
#include "storage.h"

namespace server {
namespace {

class SqliteStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/server-storage-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/checkout.db";
    storage_ = open();
    // Store "s1" holds 5 lanterns and 10 tees, warehouse "w1" 100 tees.
    storage_->seed_stock({row(LocationKind::Store, "s1", "LANTERN", 5), row(LocationKind::Store, "s1", "TEE", 10),
                          row(LocationKind::Warehouse, "w1", "TEE", 100)});
  }
  void TearDown() override {
    storage_.reset();
    std::system(("rm -rf " + dir_).c_str());
  }

  std::unique_ptr<Storage> open() {
    SqliteOptions o;
    o.path = path_;
    return open_sqlite_storage(o);
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
    o.created_at = 1'790'000'000;
    return o;
  }

  static StockLine pickup(int32_t line, const std::string& sku, int64_t q, int64_t keep_back = 0) {
    return StockLine{line, sku, q, LocationKind::Store, "s1", keep_back};
  }
  static StockLine ship(int32_t line, const std::string& sku, int64_t q) {
    return StockLine{line, sku, q, LocationKind::Warehouse, "w1", 0};
  }

  std::string dir_, path_;
  std::unique_ptr<Storage> storage_;
};

TEST_F(SqliteStorageTest, SeedingTwiceKeepsLiveStock) {
  ASSERT_EQ(storage_->place_order(order("o1", "k1", {pickup(0, "TEE", 3)})).outcome,
            PlaceOrderResult::Outcome::Placed);
  // A restart seeds again from the catalog: only new rows are added.
  EXPECT_EQ(storage_->seed_stock({row(LocationKind::Store, "s1", "TEE", 10), row(LocationKind::Store, "s2", "TEE", 4)}), 1);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").available, 7);  // 10 - 3
  EXPECT_EQ(stock(LocationKind::Store, "s2", "TEE").available, 4);
}

TEST_F(SqliteStorageTest, PlacingReservesAtEachLocation) {
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

TEST_F(SqliteStorageTest, ShortagesHonourKeepBackAndEarlierLines) {
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
  EXPECT_FALSE(storage_->find_idempotency("ada@example.com", "k1"));
}

TEST_F(SqliteStorageTest, SameKeyReplaysAndAnotherBodyIsRefused) {
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
  std::optional<IdempotencyRecord> rec = storage_->find_idempotency("ada@example.com", "k1");
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->order_id, "o1");
}

TEST_F(SqliteStorageTest, OrderNumbersAreUniqueAndACollisionDrawsAgain) {
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
  EXPECT_EQ(storage_->find_idempotency("ada@example.com", "k2")->response_body, second.response_body);  // replays say the same number
  std::optional<OrderRecord> by_number = storage_->get_order("BBB-BBB");
  ASSERT_TRUE(by_number);
  EXPECT_EQ(by_number->public_id, "o2");
  EXPECT_EQ(storage_->get_order("o1")->number, "AAA-AAA");
}

TEST_F(SqliteStorageTest, OneKeyFromTwoCustomersIsTwoOrders) {
  NewOrder ada = order("o1", "shared-key", {ship(0, "TEE", 1)});
  NewOrder bob = order("o2", "shared-key", {ship(0, "TEE", 1)});
  bob.idempotency_scope = "bob@example.com";
  bob.request_sha256 = "another body";
  EXPECT_EQ(storage_->place_order(ada).outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_EQ(storage_->place_order(bob).outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_EQ(storage_->find_idempotency("ada@example.com", "shared-key")->order_id, "o1");
  EXPECT_EQ(storage_->find_idempotency("bob@example.com", "shared-key")->order_id, "o2");
  EXPECT_EQ(stock(LocationKind::Warehouse, "w1", "TEE").reserved, 2);
}

TEST_F(SqliteStorageTest, PurchaseCapsCountInsideThePlacementAndRefuseAtTheLimit) {
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

TEST_F(SqliteStorageTest, CounterSalesCountAgainstTheSameCaps) {
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

TEST_F(SqliteStorageTest, UsageLimitsAreCheckedInsideThePlacement) {
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

TEST_F(SqliteStorageTest, PickupLifecycleMovesStock) {
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

TEST_F(SqliteStorageTest, CancelReleasesStockAndCouponUse) {
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

TEST_F(SqliteStorageTest, SaleTakesFromTheShelf) {
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

TEST_F(SqliteStorageTest, ConcurrentOrdersNeverOversell) {
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

TEST_F(SqliteStorageTest, StateSurvivesReopeningAndSchemaIsVersioned) {
  ASSERT_EQ(storage_->place_order(order("o1", "k1", {pickup(0, "TEE", 4)})).outcome, PlaceOrderResult::Outcome::Placed);
  storage_.reset();
  storage_ = open();
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").reserved, 4);
  EXPECT_TRUE(storage_->get_order("o1"));
  SqliteConnection raw(path_, false);
  EXPECT_EQ(raw.user_version(), 5);
}

TEST_F(SqliteStorageTest, IdempotencyKeysOfAVersion1DatabaseSurviveTheMigration) {
  const std::string old_path = dir_ + "/v1.db";
  {
    // The orders and idempotency tables as schema version 1 made them, with
    // one stored order: version 3 adds its number, version 4 needs the
    // customer's email key, version 5 rebuilds the orders table.
    SqliteConnection raw(old_path, true);
    raw.exec(R"sql(
CREATE TABLE orders (
  id                 INTEGER PRIMARY KEY,
  public_id          TEXT    NOT NULL UNIQUE,
  status             TEXT    NOT NULL CHECK (status IN ('placed', 'ready_for_pickup', 'picked_up', 'cancelled')),
  pickup_store       TEXT,
  channel            TEXT    NOT NULL,
  customer_name      TEXT    NOT NULL,
  customer_email     TEXT    NOT NULL,
  customer_email_key TEXT    NOT NULL,
  customer_phone     TEXT    NOT NULL,
  shipping_address   TEXT,
  quote              TEXT    NOT NULL,
  grand_total        INTEGER NOT NULL,
  currency           TEXT    NOT NULL,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL
);
INSERT INTO orders VALUES (7, 'o-old', 'ready_for_pickup', 's1', 'web', 'Ada', 'ada@example.com', 'ada@example.com', '',
                           NULL, '{}', 1000, 'USD', 1790000000, 1790000000);
CREATE TABLE order_lines (
  order_id INTEGER NOT NULL REFERENCES orders (id),
  line     INTEGER NOT NULL,
  sku      TEXT    NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  kind     TEXT    NOT NULL CHECK (kind IN ('store', 'warehouse')),
  location TEXT    NOT NULL,
  PRIMARY KEY (order_id, line)
) WITHOUT ROWID;
INSERT INTO order_lines VALUES (7, 0, 'TEE', 1, 'store', 's1');
CREATE TABLE order_history (
  order_id INTEGER NOT NULL REFERENCES orders (id),
  seq      INTEGER NOT NULL,
  status   TEXT    NOT NULL,
  at       INTEGER NOT NULL,
  PRIMARY KEY (order_id, seq)
) WITHOUT ROWID;
INSERT INTO order_history VALUES (7, 1, 'placed', 1790000000), (7, 2, 'ready_for_pickup', 1790000000);
CREATE TABLE idempotency (
  key             TEXT    PRIMARY KEY,
  request_sha256  TEXT    NOT NULL,
  order_public_id TEXT    NOT NULL,
  response_body   TEXT    NOT NULL,
  created_at      INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO idempotency VALUES ('k-old', 'hash-k-old', 'o-old', '{"order_id":"o-old"}', 1790000000);
PRAGMA user_version = 1;
)sql");
  }
  SqliteOptions o;
  o.path = old_path;
  std::unique_ptr<Storage> migrated = open_sqlite_storage(o);
  std::optional<IdempotencyRecord> rec = migrated->find_idempotency("ada@example.com", "k-old");
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->order_id, "o-old");
  EXPECT_EQ(rec->response_body, "{\"order_id\":\"o-old\"}");
  // The key is still unique and the retry replays the stored response.
  PlaceOrderResult r = migrated->place_order(order("o-new", "k-old", {}));
  EXPECT_EQ(r.outcome, PlaceOrderResult::Outcome::Replayed);
  EXPECT_EQ(r.replay_body, "{\"order_id\":\"o-old\"}");
  // The rebuilt orders table keeps the row, its id and its lines, and takes the new status.
  std::optional<OrderRecord> old_order = migrated->get_order("o-old");
  ASSERT_TRUE(old_order);
  ASSERT_EQ(old_order->lines.size(), 1u);
  EXPECT_EQ(old_order->lines[0].sku, "TEE");
  EXPECT_EQ(old_order->history.size(), 2u);
  EXPECT_FALSE(old_order->hold_until);
  migrated.reset();
  SqliteConnection raw(old_path, false);
  EXPECT_EQ(raw.user_version(), 5);
  raw.exec("UPDATE orders SET status = 'lapsed' WHERE public_id = 'o-old'");
  EXPECT_THROW(raw.exec("UPDATE orders SET status = 'lost' WHERE public_id = 'o-old'"), std::runtime_error);  // CHECK
  raw.exec("PRAGMA foreign_keys = ON");
  EXPECT_THROW(raw.exec("DELETE FROM orders WHERE public_id = 'o-old'"), std::runtime_error);  // its lines still refer to it
  EXPECT_THROW(raw.exec("INSERT INTO idempotency (scope, key, request_sha256, order_public_id, response_body, created_at) "
                        "VALUES ('ada@example.com', 'k-old', 'h', 'o', '{}', 1)"),
               std::runtime_error);  // UNIQUE
}

TEST_F(SqliteStorageTest, TheWalIsCheckpointedWhileTheStorageIsOpen) {
  // 80 orders of 2 x 40 KB text are ~1,600 pages of WAL, over the
  // checkpointer's 1,000. The writer's automatic checkpoint is replaced by
  // the checkpointer's hook, so if the background thread never ran, no page
  // would reach the database file while the storage stays open.
  const auto file_size = [&] {
    struct stat st {};
    return stat(path_.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : int64_t{0};
  };
  const int64_t before = file_size();
  for (int i = 0; i < 80; ++i) {
    NewOrder o = order("o" + std::to_string(i), "k" + std::to_string(i), {});
    o.quote_json = std::string(40'000, 'q');
    o.response_body = std::string(40'000, 'r');
    ASSERT_EQ(storage_->place_order(o).outcome, PlaceOrderResult::Outcome::Placed);
  }
  for (int tries = 0; tries < 200 && file_size() < before + 1'000'000; ++tries) usleep(50'000);
  EXPECT_GE(file_size(), before + 1'000'000) << "no checkpoint reached the database file";
  std::optional<IdempotencyRecord> rec = storage_->find_idempotency("ada@example.com", "k79");
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->response_body.size(), 40'000u);
}

TEST_F(SqliteStorageTest, CheckConstraintsRefuseABrokenInvariant) {
  SqliteConnection raw(path_, false);
  raw.exec("PRAGMA busy_timeout = 2000");
  EXPECT_THROW(raw.exec("UPDATE stock SET available = available - 1 WHERE sku = 'TEE' AND kind = 'store'"),
               std::runtime_error);  // on_hand no longer the sum
  EXPECT_THROW(raw.exec("UPDATE stock SET available = -1, on_hand = on_hand - 11 WHERE sku = 'TEE' AND kind = 'store'"),
               std::runtime_error);  // sum holds but available < 0
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").available, 10);
}

TEST_F(SqliteStorageTest, StoreQueueFiltersByStatus) {
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

TEST_F(SqliteStorageTest, LapseReleasesTheStoreLinesOnceAndOnlyWhileTheHoldIsAsJudged) {
  ASSERT_EQ(storage_->place_order(order("o1", "k1", {pickup(0, "TEE", 2), ship(1, "TEE", 5)})).outcome,
            PlaceOrderResult::Outcome::Placed);
  ASSERT_EQ(storage_->place_order(order("o2", "k2", {pickup(0, "LANTERN", 1)})).outcome, PlaceOrderResult::Outcome::Placed);
  // Not ready yet: the shopper was never told to come.
  EXPECT_EQ(storage_->lapse_order("s1", "o2", std::nullopt, 5).outcome, TransitionResult::Outcome::Illegal);
  ASSERT_EQ(storage_->transition_order("s1", "o1", OrderStatus::ReadyForPickup, 2).outcome, TransitionResult::Outcome::Done);
  // Judged on a hold that is not the stored one: nothing changes.
  EXPECT_EQ(storage_->lapse_order("s1", "o1", int64_t{99}, 5).outcome, TransitionResult::Outcome::Illegal);
  EXPECT_EQ(storage_->lapse_order("s2", "o1", std::nullopt, 5).outcome, TransitionResult::Outcome::NotFound);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").committed, 2);

  TransitionResult t = storage_->lapse_order("s1", "o1", std::nullopt, 5);
  ASSERT_EQ(t.outcome, TransitionResult::Outcome::Done);
  ASSERT_TRUE(t.order);
  EXPECT_EQ(t.order->status, OrderStatus::Lapsed);
  EXPECT_EQ(t.order->history.back().at, 5);
  ASSERT_EQ(t.touched.size(), 1u);  // the store line; the shipped one left with its parcel
  StockRow s = stock(LocationKind::Store, "s1", "TEE");
  EXPECT_EQ(s.available, 10);
  EXPECT_EQ(s.committed, 0);
  EXPECT_EQ(stock(LocationKind::Warehouse, "w1", "TEE").reserved, 5);
  EXPECT_TRUE(storage_->audit().violations.empty());

  // Once: a second lapse, a collect or a cancel moves nothing.
  EXPECT_EQ(storage_->lapse_order("s1", "o1", std::nullopt, 6).outcome, TransitionResult::Outcome::Illegal);
  EXPECT_EQ(storage_->transition_order("s1", "o1", OrderStatus::PickedUp, 6).outcome, TransitionResult::Outcome::Illegal);
  EXPECT_EQ(storage_->transition_order("s1", "o1", OrderStatus::Cancelled, 6).outcome, TransitionResult::Outcome::Illegal);
  EXPECT_EQ(stock(LocationKind::Store, "s1", "TEE").available, 10);
  EXPECT_EQ(storage_->get_order("o1")->status, OrderStatus::Lapsed);
  EXPECT_EQ(storage_->store_orders("s1", {OrderStatus::Lapsed}, 10).size(), 1u);
}

TEST_F(SqliteStorageTest, ExtendingAHoldIsConditionalOnTheHoldSeen) {
  ASSERT_EQ(storage_->place_order(order("o1", "k1", {pickup(0, "TEE", 1)})).outcome, PlaceOrderResult::Outcome::Placed);
  EXPECT_EQ(storage_->extend_hold("s1", "o1", std::nullopt, 100).outcome, TransitionResult::Outcome::Illegal);  // placed
  ASSERT_EQ(storage_->transition_order("s1", "o1", OrderStatus::ReadyForPickup, 2).outcome, TransitionResult::Outcome::Done);
  TransitionResult t = storage_->extend_hold("s1", "o1", std::nullopt, 100);
  ASSERT_EQ(t.outcome, TransitionResult::Outcome::Done);
  EXPECT_EQ(t.order->hold_until, std::optional<int64_t>(100));
  EXPECT_EQ(storage_->get_order("o1")->hold_until, std::optional<int64_t>(100));
  // A lapse or extension judged before that extension changes nothing.
  EXPECT_EQ(storage_->lapse_order("s1", "o1", std::nullopt, 50).outcome, TransitionResult::Outcome::Illegal);
  EXPECT_EQ(storage_->extend_hold("s1", "o1", std::nullopt, 200).outcome, TransitionResult::Outcome::Illegal);
  EXPECT_EQ(storage_->extend_hold("s2", "o1", int64_t{100}, 200).outcome, TransitionResult::Outcome::NotFound);
  EXPECT_EQ(storage_->lapse_order("s1", "o1", int64_t{100}, 150).outcome, TransitionResult::Outcome::Done);
  EXPECT_EQ(storage_->extend_hold("s1", "o1", int64_t{100}, 300).outcome, TransitionResult::Outcome::Illegal);
}

TEST(OrderStatusTest, OnlyForwardStepsAndCancelBeforeHandover) {
  EXPECT_TRUE(transition_allowed(OrderStatus::ReadyForPickup, OrderStatus::Lapsed));
  EXPECT_FALSE(transition_allowed(OrderStatus::Placed, OrderStatus::Lapsed));
  EXPECT_FALSE(transition_allowed(OrderStatus::Lapsed, OrderStatus::PickedUp));
  EXPECT_FALSE(transition_allowed(OrderStatus::Lapsed, OrderStatus::Cancelled));
  EXPECT_EQ(parse_order_status("lapsed"), OrderStatus::Lapsed);
  EXPECT_TRUE(transition_allowed(OrderStatus::Placed, OrderStatus::ReadyForPickup));
  EXPECT_TRUE(transition_allowed(OrderStatus::ReadyForPickup, OrderStatus::PickedUp));
  EXPECT_TRUE(transition_allowed(OrderStatus::Placed, OrderStatus::Cancelled));
  EXPECT_TRUE(transition_allowed(OrderStatus::ReadyForPickup, OrderStatus::Cancelled));
  EXPECT_FALSE(transition_allowed(OrderStatus::Placed, OrderStatus::PickedUp));
  EXPECT_FALSE(transition_allowed(OrderStatus::PickedUp, OrderStatus::Cancelled));
  EXPECT_FALSE(transition_allowed(OrderStatus::Cancelled, OrderStatus::ReadyForPickup));
  EXPECT_FALSE(transition_allowed(OrderStatus::ReadyForPickup, OrderStatus::Placed));
  EXPECT_EQ(parse_order_status("ready_for_pickup"), OrderStatus::ReadyForPickup);
  EXPECT_FALSE(parse_order_status("shipped"));
}

}  // namespace
}  // namespace server
