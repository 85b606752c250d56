// Storage on SQLite: WAL, one writer connection behind a mutex, a pool of
// reader connections, every state change in one BEGIN IMMEDIATE transaction
// running the shared rules (order_rules.h). The statements are in
// sqlite_ledger (stock), sqlite_promotions (usage, purchase limits),
// sqlite_orders (orders, sales, keys), sqlite_audit, sqlite_returns; the
// schema in sqlite_schema; the reader pool and checkpointer in sqlite_pool.
#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include "order_rules.h"
#include "sqlite_audit.h"
#include "sqlite_db.h"
#include "sqlite_ledger.h"
#include "sqlite_orders.h"
#include "sqlite_pool.h"
#include "sqlite_promotions.h"
#include "sqlite_returns.h"
#include "sqlite_schema.h"
#include "storage.h"

namespace server {
namespace {

// The shared rules' steps on the writer connection, inside its transaction.
class SqliteLedger final : public LedgerTransaction {
 public:
  explicit SqliteLedger(SqliteConnection& db) : db_(db) {}

  std::optional<IdempotencyRecord> lock_key(const std::string& scope, const std::string& key,
                                            int64_t expired_before) override {
    // BEGIN IMMEDIATE already holds the one write lock: no other request
    // with this key can be between this check and the insert.
    delete_expired_key(db_, scope, key, expired_before);
    return find_order_key(db_, scope, key, expired_before);
  }
  bool count_promotion_use(const PromotionCounter& counter) override { return server::count_promotion_use(db_, counter); }
  void record_promotion_use(const std::string& promotion_id, const std::string& source,
                            const std::string& email_key) override {
    server::record_promotion_use(db_, promotion_id, source, email_key);
  }
  void release_promotion_uses(const std::string& source) override { server::release_promotion_uses(db_, source); }
  std::optional<size_t> take_stock(const std::vector<StockDemand>& demand, StockMove move) override {
    return take_stock_rows(db_, demand, move);
  }
  void move_stock(const StockKey& key, StockMove move, int64_t quantity) override {
    move_stock_row(db_, key, move, quantity);
  }
  std::map<StockKey, int64_t> available(const std::vector<StockKey>& keys) override {
    return available_units(db_, keys);
  }
  std::optional<int64_t> count_purchase(const PurchaseCap& cap) override { return server::count_purchase(db_, cap); }
  bool number_taken(const std::string& number) override { return order_number_taken(db_, number); }
  void insert_order(const NewOrder& order, const std::string& number) override {
    server::insert_order(db_, order, number);
  }
  void save_key(const NewOrder& order, const StoredResponse& response) override {
    save_order_key(db_, order, response);
  }
  void insert_sale(const NewSale& sale) override { server::insert_sale(db_, sale); }
  std::optional<OrderRecord> lock_store_order(const std::string& store_id, const std::string& public_id) override {
    return load_store_order(db_, store_id, public_id);
  }
  void set_status(const std::string& public_id, OrderStatus to, int64_t at) override {
    set_order_status(db_, public_id, to, at);
  }

 private:
  SqliteConnection& db_;
};

class SqliteStorage final : public Storage {
  // One write transaction on the writer: `body` returns (commit?, value).
  // (Defined first: its return type is deduced.)
  template <typename Body>
  auto write(Body body) {
    std::lock_guard<std::mutex> lock(write_mu_);
    WriteTransaction tx(writer_);
    auto [commit, value] = body(writer_);
    if (commit) tx.commit();
    return value;
  }

 public:
  explicit SqliteStorage(const SqliteOptions& options) : writer_(options.path, true) {
    // WAL: readers never block the writer and the writer never blocks readers.
    writer_.exec("PRAGMA journal_mode = WAL");
    configure(writer_, options);
    migrate(writer_);
    for (int32_t i = 0; i < std::max<int32_t>(1, options.readers); ++i) {
      auto reader = std::make_unique<SqliteConnection>(options.path, false);
      configure(*reader, options);
      readers_.add(std::move(reader));
    }
    checkpointer_ = std::make_unique<Checkpointer>(options.path, options);
    sqlite3_wal_hook(writer_.handle(), &Checkpointer::on_commit, checkpointer_.get());
  }
  ~SqliteStorage() override {
    // The hook points at the checkpointer: unhook before it goes.
    std::lock_guard<std::mutex> lock(write_mu_);
    sqlite3_wal_hook(writer_.handle(), nullptr, nullptr);
  }

  int64_t seed_stock(const std::vector<StockRow>& initial) override {
    return write([&](SqliteConnection& db) { return std::make_pair(true, seed_stock_rows(db, initial)); });
  }

  std::vector<StockRow> all_stock() override {
    auto db = readers_.lease();
    return all_stock_rows(*db);
  }

  std::vector<StockRow> read_stock(const std::vector<StockKey>& keys) override {
    auto db = readers_.lease();
    ReadTransaction tx(*db);
    return stock_rows_of(*db, keys);
  }

  std::vector<StockRow> location_stock(LocationKind kind, const std::string& location) override {
    auto db = readers_.lease();
    return location_stock_rows(*db, kind, location);
  }

  std::vector<std::string> exhausted_promotions(const std::vector<PromotionLimit>& limits,
                                                const std::string& email_key) override {
    auto db = readers_.lease();
    ReadTransaction tx(*db);
    return server::exhausted_promotions(limits, email_key,
                                        [&](const PromotionCounter& c) { return promotion_uses(*db, c); });
  }

  std::optional<IdempotencyRecord> find_idempotency(const std::string& scope, const std::string& key,
                                                    int64_t now) override {
    auto db = readers_.lease();
    return find_order_key(*db, scope, key, now - kIdempotencyKeyLifetime);
  }

  PlaceOrderResult place_order(const NewOrder& order) override {
    PlaceOrderResult result;
    write([&](SqliteConnection& db) {
      SqliteLedger ledger(db);
      return std::make_pair(server::place_order(ledger, order, result), 0);
    });
    return result;
  }

  TransitionResult transition_order(const std::string& store_id, const std::string& public_id, OrderStatus to,
                                    int64_t now) override {
    TransitionResult result;
    write([&](SqliteConnection& db) {
      SqliteLedger ledger(db);
      return std::make_pair(server::transition_order(ledger, store_id, public_id, to, now, result), 0);
    });
    return result;
  }

  SaleResult record_sale(const NewSale& sale) override {
    SaleResult result;
    write([&](SqliteConnection& db) {
      SqliteLedger ledger(db);
      return std::make_pair(server::record_sale(ledger, sale, result), 0);
    });
    return result;
  }

  std::optional<OrderRecord> get_order(const std::string& public_id_or_number) override {
    auto db = readers_.lease();
    ReadTransaction tx(*db);
    return load_order(*db, public_id_or_number);
  }

  std::vector<OrderRecord> store_orders(const std::string& store_id, const std::vector<OrderStatus>& statuses,
                                        int32_t limit) override {
    auto db = readers_.lease();
    ReadTransaction tx(*db);
    return load_store_orders(*db, store_id, statuses, limit);
  }

  AuditReport audit() override {
    auto db = readers_.lease();
    ReadTransaction tx(*db);
    return audit_stock(*db);
  }

  ReturnResult record_return(const NewReturn& r) override {
    ReturnResult result;
    write([&](SqliteConnection& db) {
      result = write_return(db, r);
      return std::make_pair(result.outcome == ReturnResult::Outcome::Recorded, 0);
    });
    return result;
  }

  std::optional<IdempotencyRecord> find_return_key(const std::string& key) override {
    auto db = readers_.lease();
    ReadTransaction tx(*db);
    return read_return_key(*db, key);
  }

  std::vector<ReturnRecord> order_returns(const std::string& order_public_id) override {
    auto db = readers_.lease();
    ReadTransaction tx(*db);
    return read_returns(*db, order_public_id);
  }

 private:
  std::mutex write_mu_;  // one writer: SQLite allows one at a time anyway, this makes waiting cheap and fair
  SqliteConnection writer_;
  ReaderPool readers_;
  std::unique_ptr<Checkpointer> checkpointer_;
};

}  // namespace

std::unique_ptr<Storage> open_sqlite_storage(const SqliteOptions& options) {
  return std::make_unique<SqliteStorage>(options);
}

}  // namespace server
