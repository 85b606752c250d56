// What only the SQLite backend has: its schema versions and old files, the WAL
// checkpointer, its CHECK constraints. The behaviour both backends share is
// the contract, tested once for both in storage_contract_test.cpp.
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
    // The idempotency table as schema version 1 made it, with one stored
    // order: version 3 adds its number, version 4 needs the customer's email key.
    SqliteConnection raw(old_path, true);
    raw.exec(R"sql(
CREATE TABLE orders (id INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE, customer_email_key TEXT NOT NULL,
                     quote TEXT NOT NULL DEFAULT '{}');
INSERT INTO orders (public_id, customer_email_key) VALUES ('o-old', 'ada@example.com');
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
  std::optional<IdempotencyRecord> rec = migrated->find_idempotency("ada@example.com", "k-old", 1'790'000'000);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->order_id, "o-old");
  EXPECT_EQ(rec->response_body, "{\"order_id\":\"o-old\"}");
  // The key is still unique and the retry replays the stored response.
  PlaceOrderResult r = migrated->place_order(order("o-new", "k-old", {}));
  EXPECT_EQ(r.outcome, PlaceOrderResult::Outcome::Replayed);
  EXPECT_EQ(r.replay_body, "{\"order_id\":\"o-old\"}");
  migrated.reset();
  SqliteConnection raw(old_path, false);
  EXPECT_EQ(raw.user_version(), 5);
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
  std::optional<IdempotencyRecord> rec = storage_->find_idempotency("ada@example.com", "k79", 1'790'000'000);
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

TEST(OrderStatusTest, OnlyForwardStepsAndCancelBeforeHandover) {
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
