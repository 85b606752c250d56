// Storage on SQLite: WAL, one writer connection behind a mutex, a few reader
// connections, every state change in one BEGIN IMMEDIATE transaction, the
// schema versioned with PRAGMA user_version.
#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include "sqlite_db.h"
#include "sqlite_returns.h"
#include "storage.h"

namespace server {

const char* location_kind_name(LocationKind kind) { return kind == LocationKind::Store ? "store" : "warehouse"; }

bool operator<(const StockKey& a, const StockKey& b) {
  if (a.kind != b.kind) return a.kind < b.kind;
  if (a.location != b.location) return a.location < b.location;
  return a.sku < b.sku;
}

bool operator==(const StockKey& a, const StockKey& b) {
  return a.kind == b.kind && a.location == b.location && a.sku == b.sku;
}

namespace {

LocationKind parse_kind(const std::string& s) { return s == "warehouse" ? LocationKind::Warehouse : LocationKind::Store; }

// Each entry upgrades the schema by one version; never edit a shipped entry,
// append a new one.
const char* const kMigrations[] = {
    // 1: stock, orders, sales, promotion usage, idempotency keys.
    R"sql(
CREATE TABLE stock (
  kind      TEXT    NOT NULL CHECK (kind IN ('store', 'warehouse')),
  location  TEXT    NOT NULL,
  sku       TEXT    NOT NULL,
  on_hand   INTEGER NOT NULL,
  available INTEGER NOT NULL CHECK (available >= 0),
  reserved  INTEGER NOT NULL CHECK (reserved >= 0),
  committed INTEGER NOT NULL CHECK (committed >= 0),
  CHECK (on_hand = available + reserved + committed),
  PRIMARY KEY (kind, location, sku)
) WITHOUT ROWID;

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
CREATE INDEX orders_by_pickup_store ON orders (pickup_store, id) WHERE pickup_store IS NOT NULL;

CREATE TABLE order_lines (
  order_id INTEGER NOT NULL REFERENCES orders (id),
  line     INTEGER NOT NULL,
  sku      TEXT    NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  kind     TEXT    NOT NULL CHECK (kind IN ('store', 'warehouse')),
  location TEXT    NOT NULL,
  PRIMARY KEY (order_id, line)
) WITHOUT ROWID;
CREATE INDEX order_lines_by_stock ON order_lines (kind, location, sku);

CREATE TABLE order_history (
  order_id INTEGER NOT NULL REFERENCES orders (id),
  seq      INTEGER NOT NULL,
  status   TEXT    NOT NULL,
  at       INTEGER NOT NULL,
  PRIMARY KEY (order_id, seq)
) WITHOUT ROWID;

CREATE TABLE sales (
  id                 INTEGER PRIMARY KEY,
  public_id          TEXT    NOT NULL UNIQUE,
  store_id           TEXT    NOT NULL,
  customer_email_key TEXT    NOT NULL,
  quote              TEXT    NOT NULL,
  grand_total        INTEGER NOT NULL,
  currency           TEXT    NOT NULL,
  created_at         INTEGER NOT NULL
);

CREATE TABLE sale_lines (
  sale_id  INTEGER NOT NULL REFERENCES sales (id),
  line     INTEGER NOT NULL,
  sku      TEXT    NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (sale_id, line)
) WITHOUT ROWID;

CREATE TABLE promotion_usage (
  promotion_id       TEXT NOT NULL,
  source             TEXT NOT NULL,
  customer_email_key TEXT NOT NULL,
  PRIMARY KEY (promotion_id, source)
) WITHOUT ROWID;
CREATE INDEX promotion_usage_by_customer ON promotion_usage (promotion_id, customer_email_key);

CREATE TABLE idempotency (
  key             TEXT    PRIMARY KEY,
  request_sha256  TEXT    NOT NULL,
  order_public_id TEXT    NOT NULL,
  response_body   TEXT    NOT NULL,
  created_at      INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 2: idempotency as a rowid table with a UNIQUE index on the key. In the
    // WITHOUT ROWID table each b-tree cell was a whole row, stored response
    // (a full quote, kilobytes) included, and SQLite reads an overflowing
    // cell in full for every key comparison: a lookup read ~log2(rows)
    // responses (callgrind: ~0.7 M instructions at 100 orders, ~1.35 M at a
    // few thousand). Now the key is compared in the small index only.
    R"sql(
CREATE TABLE idempotency_by_rowid (
  id              INTEGER PRIMARY KEY,
  key             TEXT    NOT NULL UNIQUE,
  request_sha256  TEXT    NOT NULL,
  order_public_id TEXT    NOT NULL,
  response_body   TEXT    NOT NULL,
  created_at      INTEGER NOT NULL
);
INSERT INTO idempotency_by_rowid (key, request_sha256, order_public_id, response_body, created_at)
  SELECT key, request_sha256, order_public_id, response_body, created_at FROM idempotency;
DROP TABLE idempotency;
ALTER TABLE idempotency_by_rowid RENAME TO idempotency;
)sql",
    // 3: the short order number people read out, unique among the merchant's
    // orders (older orders have none).
    R"sql(
ALTER TABLE orders ADD COLUMN number TEXT;
CREATE UNIQUE INDEX orders_by_number ON orders (number) WHERE number IS NOT NULL;
)sql",
    // 4: idempotency keys scoped to the client that sent them (the customer's
    // email key), so two clients using one key each get their own order; a
    // stored key takes the scope of its order's customer. Purchase-limit
    // counters: units of a SKU per subject (customer or client address) per
    // window, raised only by a conditional UPDATE inside the order's transaction.
    R"sql(
CREATE TABLE idempotency_scoped (
  id              INTEGER PRIMARY KEY,
  scope           TEXT    NOT NULL,
  key             TEXT    NOT NULL,
  request_sha256  TEXT    NOT NULL,
  order_public_id TEXT    NOT NULL,
  response_body   TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  UNIQUE (scope, key)
);
INSERT INTO idempotency_scoped (scope, key, request_sha256, order_public_id, response_body, created_at)
  SELECT coalesce((SELECT o.customer_email_key FROM orders o WHERE o.public_id = i.order_public_id), ''),
         i.key, i.request_sha256, i.order_public_id, i.response_body, i.created_at
  FROM idempotency i;
DROP TABLE idempotency;
ALTER TABLE idempotency_scoped RENAME TO idempotency;

CREATE TABLE purchase_counts (
  sku          TEXT    NOT NULL,
  subject      TEXT    NOT NULL,
  window_start INTEGER NOT NULL,
  units        INTEGER NOT NULL CHECK (units >= 0),
  PRIMARY KEY (sku, subject, window_start)
) WITHOUT ROWID;
)sql",
    // 5: pickup holds. An order not collected before its store's hold ends
    // becomes 'lapsed'; hold_until is where staff extended a hold to. SQLite
    // cannot change a CHECK, so the table is rebuilt; the lines, history and
    // returns that reference it keep pointing at it by name, and the deferred
    // foreign keys are satisfied again once the rows are back, before COMMIT.
    R"sql(
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE orders_v4 AS SELECT * FROM orders;
DROP TABLE orders;
CREATE TABLE orders (
  id                 INTEGER PRIMARY KEY,
  public_id          TEXT    NOT NULL UNIQUE,
  status             TEXT    NOT NULL
                     CHECK (status IN ('placed', 'ready_for_pickup', 'picked_up', 'cancelled', 'lapsed')),
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
  updated_at         INTEGER NOT NULL,
  number             TEXT,
  hold_until         INTEGER
);
INSERT INTO orders (id, public_id, status, pickup_store, channel, customer_name, customer_email, customer_email_key,
                    customer_phone, shipping_address, quote, grand_total, currency, created_at, updated_at, number)
  SELECT id, public_id, status, pickup_store, channel, customer_name, customer_email, customer_email_key,
         customer_phone, shipping_address, quote, grand_total, currency, created_at, updated_at, number
  FROM orders_v4;
DROP TABLE orders_v4;
CREATE INDEX orders_by_pickup_store ON orders (pickup_store, id) WHERE pickup_store IS NOT NULL;
CREATE UNIQUE INDEX orders_by_number ON orders (number) WHERE number IS NOT NULL;
)sql",
};
constexpr int64_t kSchemaVersion = static_cast<int64_t>(sizeof(kMigrations) / sizeof(kMigrations[0]));

void migrate(SqliteConnection& db) {
  WriteTransaction tx(db);
  const int64_t version = db.user_version();
  if (version > kSchemaVersion) {
    throw std::runtime_error("database schema version " + std::to_string(version) + " is newer than this server (" +
                             std::to_string(kSchemaVersion) + ")");
  }
  for (int64_t v = version; v < kSchemaVersion; ++v) {
    db.exec(kMigrations[v]);
    db.exec("PRAGMA user_version = " + std::to_string(v + 1));
  }
  tx.commit();
}

void configure(SqliteConnection& db, const SqliteOptions& options) {
  db.exec("PRAGMA busy_timeout = " + std::to_string(options.busy_timeout_ms));
  db.exec("PRAGMA foreign_keys = ON");
  // NORMAL in WAL mode: a commit survives the process being killed (the WAL
  // is in the OS's hands); FULL also survives power loss, at an fsync per commit.
  db.exec(options.durable_sync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
}

// Usage counting rule shared by the pre-check and the in-transaction check:
// an anonymous customer can never use a per-customer-limited promotion
// (there is no one to count it against).
bool limit_reached(SqliteConnection& db, const std::string& promotion_id, const std::optional<int64_t>& usage_limit,
                   const std::optional<int64_t>& per_customer, const std::string& email_key) {
  if (usage_limit) {
    SqliteStatement s = db.prepare("SELECT count(*) FROM promotion_usage WHERE promotion_id = ?1");
    s.bind(1, promotion_id);
    s.step();
    if (s.int64(0) >= *usage_limit) return true;
  }
  if (per_customer) {
    if (email_key.empty()) return true;
    SqliteStatement s =
        db.prepare("SELECT count(*) FROM promotion_usage WHERE promotion_id = ?1 AND customer_email_key = ?2");
    s.bind(1, promotion_id).bind(2, email_key);
    s.step();
    if (s.int64(0) >= *per_customer) return true;
  }
  return false;
}

std::vector<std::string> check_usage(SqliteConnection& db, const std::vector<PromotionUse>& uses,
                                     const std::string& email_key) {
  std::vector<std::string> exhausted;
  for (const PromotionUse& use : uses) {
    if (limit_reached(db, use.promotion_id, use.usage_limit, use.usage_limit_per_customer, email_key)) {
      exhausted.push_back(use.promotion_id);
    }
  }
  std::sort(exhausted.begin(), exhausted.end());
  return exhausted;
}

void record_usage(SqliteConnection& db, const std::vector<PromotionUse>& uses, const std::string& source,
                  const std::string& email_key) {
  for (const PromotionUse& use : uses) {
    db.prepare("INSERT INTO promotion_usage (promotion_id, source, customer_email_key) VALUES (?1, ?2, ?3)")
        .bind(1, use.promotion_id)
        .bind(2, source)
        .bind(3, email_key)
        .run();
  }
}

int64_t read_available(SqliteConnection& db, const StockKey& key) {
  SqliteStatement s = db.prepare("SELECT available FROM stock WHERE kind = ?1 AND location = ?2 AND sku = ?3");
  s.bind(1, location_kind_name(key.kind)).bind(2, key.location).bind(3, key.sku);
  return s.step() ? s.int64(0) : 0;  // no row: the location never had this SKU
}

// Lines of one SKU at one location share what is there, earlier lines first.
std::vector<Shortage> find_shortages(SqliteConnection& db, const std::vector<StockLine>& lines) {
  std::map<StockKey, int64_t> remaining;
  std::vector<Shortage> shortages;
  for (const StockLine& line : lines) {
    const StockKey key{line.kind, line.location, line.sku};
    auto it = remaining.find(key);
    if (it == remaining.end()) {
      it = remaining.emplace(key, std::max<int64_t>(0, read_available(db, key) - line.keep_back)).first;
    }
    const int64_t granted = std::min(line.quantity, it->second);
    it->second -= granted;
    if (granted < line.quantity) {
      shortages.push_back(Shortage{line.line, line.sku, line.kind, line.location, line.quantity, granted});
    }
  }
  return shortages;
}

// Adds each cap's units to its counter row, all or nothing: the UPDATE
// raises a row only while it stays within the limit (no read-then-write), so
// of two concurrent orders for the last allowed unit exactly one gets it.
// The caller rolls the transaction back on a refusal.
std::optional<PurchaseRefusal> count_purchases(SqliteConnection& db, const std::vector<PurchaseCap>& caps) {
  for (const PurchaseCap& cap : caps) {
    db.prepare("INSERT INTO purchase_counts (sku, subject, window_start, units) VALUES (?1, ?2, ?3, 0) "
               "ON CONFLICT DO NOTHING")
        .bind(1, cap.sku)
        .bind(2, cap.subject)
        .bind(3, cap.window_start)
        .run();
    db.prepare("UPDATE purchase_counts SET units = units + ?4 "
               "WHERE sku = ?1 AND subject = ?2 AND window_start = ?3 AND units + ?4 <= ?5")
        .bind(1, cap.sku)
        .bind(2, cap.subject)
        .bind(3, cap.window_start)
        .bind(4, cap.units)
        .bind(5, cap.limit)
        .run();
    if (db.changes() == 1) continue;
    SqliteStatement used =
        db.prepare("SELECT units FROM purchase_counts WHERE sku = ?1 AND subject = ?2 AND window_start = ?3");
    used.bind(1, cap.sku).bind(2, cap.subject).bind(3, cap.window_start);
    const int64_t so_far = used.step() ? used.int64(0) : 0;
    return PurchaseRefusal{cap, std::max<int64_t>(0, cap.limit - so_far)};
  }
  return std::nullopt;
}

// Moves `quantity` between the columns of one row; the CHECK constraints
// refuse anything that would break the invariant or go negative.
void move_stock(SqliteConnection& db, const StockKey& key, const char* assignments, int64_t quantity) {
  SqliteStatement s = db.prepare(std::string("UPDATE stock SET ") + assignments +
                                 " WHERE kind = ?2 AND location = ?3 AND sku = ?4");
  s.bind(1, quantity).bind(2, location_kind_name(key.kind)).bind(3, key.location).bind(4, key.sku);
  s.run();
  if (db.changes() != 1) throw std::runtime_error("stock row missing for " + key.location + "/" + key.sku);
}

std::vector<StockRow> stock_rows(SqliteStatement& s) {
  std::vector<StockRow> rows;
  while (s.step()) {
    StockRow r;
    r.key = StockKey{parse_kind(s.text(0)), s.text(1), s.text(2)};
    r.on_hand = s.int64(3);
    r.available = s.int64(4);
    r.reserved = s.int64(5);
    r.committed = s.int64(6);
    rows.push_back(std::move(r));
  }
  return rows;
}

constexpr const char* kStockColumns = "SELECT kind, location, sku, on_hand, available, reserved, committed FROM stock";
constexpr const char* kOrderColumns =
    "SELECT id, public_id, status, pickup_store, channel, customer_name, customer_email, customer_email_key, "
    "customer_phone, shipping_address, quote, grand_total, currency, created_at, updated_at, number, hold_until FROM orders";

// Reads one row of kOrderColumns; returns the internal id.
int64_t read_order_row(const SqliteStatement& s, OrderRecord& o) {
  o.public_id = s.text(1);
  o.status = parse_order_status(s.text(2)).value_or(OrderStatus::Placed);
  o.pickup_store = s.text(3);
  o.channel = s.text(4);
  o.customer.name = s.text(5);
  o.customer.email = s.text(6);
  o.customer.email_key = s.text(7);
  o.customer.phone = s.text(8);
  o.shipping_address_json = s.text(9);
  o.quote_json = s.text(10);
  o.grand_total = s.int64(11);
  o.currency = s.text(12);
  o.created_at = s.int64(13);
  o.updated_at = s.int64(14);
  o.number = s.text(15);
  if (!s.is_null(16)) o.hold_until = s.int64(16);
  return s.int64(0);
}

void read_order_details(SqliteConnection& db, int64_t id, OrderRecord& o) {
  SqliteStatement lines =
      db.prepare("SELECT line, sku, quantity, kind, location FROM order_lines WHERE order_id = ?1 ORDER BY line");
  lines.bind(1, id);
  while (lines.step()) {
    o.lines.push_back(OrderLineRecord{static_cast<int32_t>(lines.int64(0)), lines.text(1), lines.int64(2),
                                      parse_kind(lines.text(3)), lines.text(4)});
  }
  SqliteStatement history = db.prepare("SELECT status, at FROM order_history WHERE order_id = ?1 ORDER BY seq");
  history.bind(1, id);
  while (history.step()) {
    o.history.push_back(StatusChange{parse_order_status(history.text(0)).value_or(OrderStatus::Placed), history.int64(1)});
  }
}

std::optional<OrderRecord> load_order(SqliteConnection& db, const std::string& sql_where, const std::string& arg1,
                                      const std::string* arg2) {
  OrderRecord o;
  int64_t id = 0;
  {
    SqliteStatement s = db.prepare(std::string(kOrderColumns) + " WHERE " + sql_where);
    s.bind(1, arg1);
    if (arg2 != nullptr) s.bind(2, *arg2);
    if (!s.step()) return std::nullopt;
    id = read_order_row(s, o);
  }
  read_order_details(db, id, o);
  return o;
}

void append_history(SqliteConnection& db, int64_t order_id, OrderStatus status, int64_t at) {
  db.prepare(
        "INSERT INTO order_history (order_id, seq, status, at) "
        "VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM order_history WHERE order_id = ?1), ?2, ?3)")
      .bind(1, order_id)
      .bind(2, order_status_name(status))
      .bind(3, at)
      .run();
}

class ReaderPool {
 public:
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<SqliteConnection> c) : pool_(pool), c_(std::move(c)) {}
    ~Lease() { pool_.give_back(std::move(c_)); }
    SqliteConnection& operator*() { return *c_; }

   private:
    ReaderPool& pool_;
    std::unique_ptr<SqliteConnection> c_;
  };

  void add(std::unique_ptr<SqliteConnection> c) { free_.push_back(std::move(c)); }
  Lease lease() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    std::unique_ptr<SqliteConnection> c = std::move(free_.back());
    free_.pop_back();
    return Lease(*this, std::move(c));
  }

 private:
  void give_back(std::unique_ptr<SqliteConnection> c) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      free_.push_back(std::move(c));
    }
    cv_.notify_one();
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<SqliteConnection>> free_;
};

// Copies the WAL back into the database file from its own thread and
// connection. SQLite's automatic checkpoint runs inside the commit that
// crosses the threshold, on the writer, under write_mu_: its page copies and
// two fsyncs stalled every order queued behind it (the p99 of POST
// /api/orders). Durability is unchanged: a commit is durable once it is in
// the WAL, and a checkpoint only copies committed pages (crash-safe itself).
// PASSIVE mode never waits for the writer or readers.
class Checkpointer {
 public:
  static constexpr int kWalPages = 1000;  // SQLite's own default threshold

  Checkpointer(const std::string& path, const SqliteOptions& options) : db_(path, false) {
    configure(db_, options);
    thread_ = std::thread([this] { run(); });
  }
  ~Checkpointer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Installed as the writer's WAL hook (which also turns off the automatic
  // checkpoint): called after each commit with the WAL's size in pages.
  static int on_commit(void* self, sqlite3*, const char*, int wal_pages) {
    if (wal_pages >= kWalPages) static_cast<Checkpointer*>(self)->request();
    return SQLITE_OK;
  }

 private:
  void request() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      due_ = true;
    }
    cv_.notify_one();
  }
  void run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      cv_.wait(lock, [&] { return due_ || stop_; });
      if (stop_) return;
      due_ = false;
      lock.unlock();
      // Busy or failed: the next commit over the threshold asks again.
      sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      lock.lock();
    }
  }

  SqliteConnection db_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool due_ = false, stop_ = false;
  std::thread thread_;
};

class SqliteStorage final : public Storage {
 public:
  explicit SqliteStorage(const SqliteOptions& options) : writer_(options.path, true) {
    // WAL: readers never block the writer and the writer never blocks readers.
    writer_.exec("PRAGMA journal_mode = WAL");
    configure(writer_, options);
    migrate(writer_);
    ensure_returns_schema(writer_);
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
    std::lock_guard<std::mutex> lock(write_mu_);
    WriteTransaction tx(writer_);
    int64_t added = 0;
    for (const StockRow& r : initial) {
      writer_
          .prepare(
              "INSERT OR IGNORE INTO stock (kind, location, sku, on_hand, available, reserved, committed) "
              "VALUES (?1, ?2, ?3, ?4, ?4, 0, 0)")
          .bind(1, location_kind_name(r.key.kind))
          .bind(2, r.key.location)
          .bind(3, r.key.sku)
          .bind(4, r.on_hand)
          .run();
      added += writer_.changes();
    }
    tx.commit();
    return added;
  }

  std::vector<StockRow> all_stock() override {
    auto db = readers_.lease();
    SqliteStatement s = (*db).prepare(std::string(kStockColumns) + " ORDER BY kind, location, sku");
    return stock_rows(s);
  }

  std::vector<StockRow> read_stock(const std::vector<StockKey>& keys) override {
    auto db = readers_.lease();
    ReadTransaction tx(*db);
    std::vector<StockRow> rows;
    for (const StockKey& key : keys) {
      SqliteStatement s = (*db).prepare(std::string(kStockColumns) + " WHERE kind = ?1 AND location = ?2 AND sku = ?3");
      s.bind(1, location_kind_name(key.kind)).bind(2, key.location).bind(3, key.sku);
      for (StockRow& r : stock_rows(s)) rows.push_back(std::move(r));
    }
    return rows;
  }

  std::vector<StockRow> location_stock(LocationKind kind, const std::string& location) override {
    auto db = readers_.lease();
    SqliteStatement s = (*db).prepare(std::string(kStockColumns) + " WHERE kind = ?1 AND location = ?2 ORDER BY sku");
    s.bind(1, location_kind_name(kind)).bind(2, location);
    return stock_rows(s);
  }

  std::vector<std::string> exhausted_promotions(const std::vector<PromotionLimit>& limits,
                                                const std::string& email_key) override {
    auto db = readers_.lease();
    ReadTransaction tx(*db);
    std::vector<std::string> exhausted;
    for (const PromotionLimit& l : limits) {
      if (limit_reached(*db, l.promotion_id, l.usage_limit, l.usage_limit_per_customer, email_key)) {
        exhausted.push_back(l.promotion_id);
      }
    }
    std::sort(exhausted.begin(), exhausted.end());
    return exhausted;
  }

  std::optional<IdempotencyRecord> find_idempotency(const std::string& scope, const std::string& key) override {
    auto db = readers_.lease();
    return find_key(*db, scope, key);
  }

  PlaceOrderResult place_order(const NewOrder& order) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    WriteTransaction tx(writer_);
    PlaceOrderResult result;
    // The key is checked and written in this same transaction: of two
    // concurrent requests with one key exactly one gets here first.
    if (std::optional<IdempotencyRecord> existing = find_key(writer_, order.idempotency_scope, order.idempotency_key)) {
      if (existing->request_sha256 != order.request_sha256) {
        result.outcome = PlaceOrderResult::Outcome::KeyReused;
      } else {
        result.outcome = PlaceOrderResult::Outcome::Replayed;
        result.replay_body = std::move(existing->response_body);
        result.replay_order_id = std::move(existing->order_id);
      }
      return result;
    }
    result.exhausted = check_usage(writer_, order.promotions, order.customer.email_key);
    if (!result.exhausted.empty()) {
      result.outcome = PlaceOrderResult::Outcome::UsageLimitReached;
      return result;
    }
    result.shortages = find_shortages(writer_, order.lines);
    if (!result.shortages.empty()) {
      result.outcome = PlaceOrderResult::Outcome::InsufficientStock;
      return result;
    }
    result.refused = count_purchases(writer_, order.caps);
    if (result.refused) {
      result.outcome = PlaceOrderResult::Outcome::PurchaseLimitReached;
      return result;  // rolled back: no counter moved
    }

    result.response_body = order.response_body;
    if (order.next_number) {
      result.number = free_order_number(order.next_number);
      result.response_body = order.response_for(result.number);
    }
    writer_
        .prepare(
            "INSERT INTO orders (public_id, status, pickup_store, channel, customer_name, customer_email, "
            "customer_email_key, customer_phone, shipping_address, quote, grand_total, currency, created_at, updated_at, "
            "number) VALUES (?1, 'placed', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)")
        .bind(1, order.public_id)
        .bind_optional(2, order.pickup_store.empty() ? std::nullopt : std::optional<std::string>(order.pickup_store))
        .bind(3, order.channel)
        .bind(4, order.customer.name)
        .bind(5, order.customer.email)
        .bind(6, order.customer.email_key)
        .bind(7, order.customer.phone)
        .bind_optional(8, order.shipping_address_json.empty() ? std::nullopt
                                                      : std::optional<std::string>(order.shipping_address_json))
        .bind(9, order.quote_json)
        .bind(10, order.grand_total)
        .bind(11, order.currency)
        .bind(12, order.created_at)
        .bind_optional(13, result.number.empty() ? std::nullopt : std::optional<std::string>(result.number))
        .run();
    const int64_t order_id = writer_.last_insert_rowid();
    for (const StockLine& line : order.lines) {
      writer_
          .prepare(
              "INSERT INTO order_lines (order_id, line, sku, quantity, kind, location) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
          .bind(1, order_id)
          .bind(2, line.line)
          .bind(3, line.sku)
          .bind(4, line.quantity)
          .bind(5, location_kind_name(line.kind))
          .bind(6, line.location)
          .run();
      const StockKey key{line.kind, line.location, line.sku};
      move_stock(writer_, key, "available = available - ?1, reserved = reserved + ?1", line.quantity);
      add_touched(result.touched, key);
    }
    append_history(writer_, order_id, OrderStatus::Placed, order.created_at);
    record_usage(writer_, order.promotions, order.public_id, order.customer.email_key);
    writer_
        .prepare(
            "INSERT INTO idempotency (scope, key, request_sha256, order_public_id, response_body, created_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, order.idempotency_scope)
        .bind(2, order.idempotency_key)
        .bind(3, order.request_sha256)
        .bind(4, order.public_id)
        .bind(5, result.response_body)  // with the number storage drew
        .bind(6, order.created_at)
        .run();
    tx.commit();
    return result;
  }

  // Inside place_order's transaction, so no other order takes the number
  // between the check and the insert; the unique index is the backstop. A
  // collision (about 1 in 10^5 at 10,000 orders) draws again.
  std::string free_order_number(const std::function<std::string()>& next_number) {
    constexpr int kAttempts = 16;
    for (int i = 0; i < kAttempts; ++i) {
      std::string candidate = next_number();
      SqliteStatement s = writer_.prepare("SELECT 1 FROM orders WHERE number = ?1");
      s.bind(1, candidate);
      if (!s.step()) return candidate;
    }
    throw std::runtime_error("no free order number after 16 draws");
  }

  TransitionResult transition_order(const std::string& store_id, const std::string& public_id, OrderStatus to,
                                    int64_t now) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    WriteTransaction tx(writer_);
    TransitionResult result = change_status(store_id, public_id, to, now, [](const OrderRecord&) { return true; });
    if (result.outcome == TransitionResult::Outcome::Done) tx.commit();
    return result;
  }

  TransitionResult lapse_order(const std::string& store_id, const std::string& public_id,
                               std::optional<int64_t> seen_hold_until, int64_t now) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    WriteTransaction tx(writer_);
    TransitionResult result = change_status(store_id, public_id, OrderStatus::Lapsed, now,
                                            [&](const OrderRecord& o) { return o.hold_until == seen_hold_until; });
    if (result.outcome == TransitionResult::Outcome::Done) tx.commit();
    return result;
  }

  TransitionResult extend_hold(const std::string& store_id, const std::string& public_id,
                               std::optional<int64_t> seen_hold_until, int64_t hold_until) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    WriteTransaction tx(writer_);
    TransitionResult result;
    std::optional<OrderRecord> order = load_order(writer_, "public_id = ?1 AND pickup_store = ?2", public_id, &store_id);
    if (!order) {
      result.outcome = TransitionResult::Outcome::NotFound;
      return result;
    }
    result.from = order->status;
    if (order->status != OrderStatus::ReadyForPickup || order->hold_until != seen_hold_until) {
      result.outcome = TransitionResult::Outcome::Illegal;
      result.order = std::move(order);
      return result;
    }
    writer_.prepare("UPDATE orders SET hold_until = ?1 WHERE public_id = ?2")
        .bind(1, hold_until)
        .bind(2, public_id)
        .run();
    order->hold_until = hold_until;
    tx.commit();
    result.order = std::move(order);
    return result;
  }

  // Inside the caller's transaction: the status change with its stock
  // movement, when the transition is allowed and `precondition` holds.
  // Returns Done (the caller commits), NotFound or Illegal (nothing written).
  TransitionResult change_status(const std::string& store_id, const std::string& public_id, OrderStatus to,
                                 int64_t now, const std::function<bool(const OrderRecord&)>& precondition) {
    TransitionResult result;
    int64_t id = 0;
    OrderRecord order;
    {
      SqliteStatement s = writer_.prepare(std::string(kOrderColumns) + " WHERE public_id = ?1 AND pickup_store = ?2");
      s.bind(1, public_id).bind(2, store_id);
      if (!s.step()) {
        result.outcome = TransitionResult::Outcome::NotFound;
        return result;
      }
      id = read_order_row(s, order);
    }
    read_order_details(writer_, id, order);
    result.from = order.status;
    if (!transition_allowed(order.status, to) || !precondition(order)) {
      result.outcome = TransitionResult::Outcome::Illegal;
      result.order = std::move(order);
      return result;
    }
    for (const OrderLineRecord& line : order.lines) {
      const StockKey key{line.kind, line.location, line.sku};
      const char* move = stock_movement(order.status, to, line.kind);
      if (move == nullptr) continue;
      move_stock(writer_, key, move, line.quantity);
      add_touched(result.touched, key);
    }
    if (to == OrderStatus::Cancelled) {
      // A cancelled order gives its coupon uses back.
      writer_.prepare("DELETE FROM promotion_usage WHERE source = ?1").bind(1, public_id).run();
    }
    writer_.prepare("UPDATE orders SET status = ?1, updated_at = ?2 WHERE id = ?3")
        .bind(1, order_status_name(to))
        .bind(2, now)
        .bind(3, id)
        .run();
    append_history(writer_, id, to, now);
    order.status = to;
    order.updated_at = now;
    order.history.push_back(StatusChange{to, now});
    result.order = std::move(order);
    return result;
  }

  SaleResult record_sale(const NewSale& sale) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    WriteTransaction tx(writer_);
    SaleResult result;
    result.exhausted = check_usage(writer_, sale.promotions, sale.customer.email_key);
    if (!result.exhausted.empty()) {
      result.outcome = SaleResult::Outcome::UsageLimitReached;
      return result;
    }
    result.shortages = find_shortages(writer_, sale.lines);
    if (!result.shortages.empty()) {
      result.outcome = SaleResult::Outcome::InsufficientStock;
      return result;
    }
    result.refused = count_purchases(writer_, sale.caps);
    if (result.refused) {
      result.outcome = SaleResult::Outcome::PurchaseLimitReached;
      return result;
    }
    writer_
        .prepare(
            "INSERT INTO sales (public_id, store_id, customer_email_key, quote, grand_total, currency, created_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bind(1, sale.public_id)
        .bind(2, sale.store_id)
        .bind(3, sale.customer.email_key)
        .bind(4, sale.quote_json)
        .bind(5, sale.grand_total)
        .bind(6, sale.currency)
        .bind(7, sale.created_at)
        .run();
    const int64_t sale_id = writer_.last_insert_rowid();
    for (const StockLine& line : sale.lines) {
      writer_.prepare("INSERT INTO sale_lines (sale_id, line, sku, quantity) VALUES (?1, ?2, ?3, ?4)")
          .bind(1, sale_id)
          .bind(2, line.line)
          .bind(3, line.sku)
          .bind(4, line.quantity)
          .run();
      const StockKey key{line.kind, line.location, line.sku};
      move_stock(writer_, key, "available = available - ?1, on_hand = on_hand - ?1", line.quantity);
      add_touched(result.touched, key);
    }
    record_usage(writer_, sale.promotions, sale.public_id, sale.customer.email_key);
    tx.commit();
    return result;
  }

  std::optional<OrderRecord> get_order(const std::string& public_id_or_number) override {
    auto db = readers_.lease();
    ReadTransaction tx(*db);
    return load_order(*db, "(public_id = ?1 OR number = ?1)", public_id_or_number, nullptr);
  }

  std::vector<OrderRecord> store_orders(const std::string& store_id, const std::vector<OrderStatus>& statuses,
                                        int32_t limit) override {
    auto db = readers_.lease();
    ReadTransaction tx(*db);
    std::vector<std::pair<int64_t, OrderRecord>> found;
    {
      // The statuses are enum names, never client text, so they can be part
      // of the statement; one cached statement per filter.
      std::string sql = std::string(kOrderColumns) + " WHERE pickup_store = ?1";
      if (!statuses.empty()) {
        sql += " AND status IN (";
        for (size_t i = 0; i < statuses.size(); ++i) {
          sql += std::string(i == 0 ? "'" : ", '") + order_status_name(statuses[i]) + "'";
        }
        sql += ")";
      }
      sql += " ORDER BY id DESC LIMIT ?2";
      SqliteStatement s = (*db).prepare(sql);
      s.bind(1, store_id).bind(2, int64_t{limit});
      while (s.step()) {
        OrderRecord o;
        const int64_t id = read_order_row(s, o);
        found.emplace_back(id, std::move(o));
      }
    }
    std::vector<OrderRecord> orders;
    for (auto& [id, o] : found) {
      read_order_details(*db, id, o);
      orders.push_back(std::move(o));
    }
    return orders;
  }

  AuditReport audit() override {
    auto db = readers_.lease();
    ReadTransaction tx(*db);
    AuditReport report;
    {
      SqliteStatement s = (*db).prepare("SELECT count(*) FROM stock");
      s.step();
      report.rows = s.int64(0);
    }
    // What the open orders say each row must hold: store lines are reserved
    // while placed and committed while ready; warehouse lines stay reserved
    // until shipped (shipping is outside this server), so for every order
    // that is not cancelled.
    SqliteStatement s = (*db).prepare(R"sql(
WITH expected AS (
  SELECT l.kind, l.location, l.sku,
         sum(CASE WHEN (l.kind = 'store' AND o.status = 'placed')
                    OR (l.kind = 'warehouse' AND o.status <> 'cancelled') THEN l.quantity ELSE 0 END) AS reserved,
         sum(CASE WHEN l.kind = 'store' AND o.status = 'ready_for_pickup' THEN l.quantity ELSE 0 END) AS committed
  FROM order_lines l JOIN orders o ON o.id = l.order_id
  GROUP BY l.kind, l.location, l.sku
)
SELECT s.kind, s.location, s.sku, s.on_hand, s.available, s.reserved, s.committed,
       coalesce(e.reserved, 0), coalesce(e.committed, 0)
FROM stock s LEFT JOIN expected e ON e.kind = s.kind AND e.location = s.location AND e.sku = s.sku
WHERE s.on_hand <> s.available + s.reserved + s.committed OR s.available < 0
   OR s.reserved <> coalesce(e.reserved, 0) OR s.committed <> coalesce(e.committed, 0)
UNION ALL
SELECT e.kind, e.location, e.sku, 0, 0, 0, 0, e.reserved, e.committed
FROM expected e LEFT JOIN stock s ON e.kind = s.kind AND e.location = s.location AND e.sku = s.sku
WHERE s.sku IS NULL
)sql");
    while (s.step()) {
      report.violations.push_back(s.text(0) + " " + s.text(1) + " " + s.text(2) + ": on_hand " +
                                  std::to_string(s.int64(3)) + ", available " + std::to_string(s.int64(4)) +
                                  ", reserved " + std::to_string(s.int64(5)) + " (orders say " +
                                  std::to_string(s.int64(7)) + "), committed " + std::to_string(s.int64(6)) +
                                  " (orders say " + std::to_string(s.int64(8)) + ")");
    }
    return report;
  }

  ReturnResult record_return(const NewReturn& r) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    WriteTransaction tx(writer_);
    ReturnResult result = write_return(writer_, r);
    if (result.outcome == ReturnResult::Outcome::Recorded) tx.commit();
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
  static std::optional<IdempotencyRecord> find_key(SqliteConnection& db, const std::string& scope,
                                                   const std::string& key) {
    SqliteStatement s = db.prepare(
        "SELECT request_sha256, order_public_id, response_body FROM idempotency WHERE scope = ?1 AND key = ?2");
    s.bind(1, scope).bind(2, key);
    if (!s.step()) return std::nullopt;
    return IdempotencyRecord{s.text(0), s.text(1), s.text(2)};
  }

  static void add_touched(std::vector<StockKey>& touched, const StockKey& key) {
    if (std::find(touched.begin(), touched.end(), key) == touched.end()) touched.push_back(key);
  }

  // The column change for one order line moving between statuses, or null
  // when the line's stock does not move (warehouse lines at the store steps).
  static const char* stock_movement(OrderStatus from, OrderStatus to, LocationKind kind) {
    const bool store = kind == LocationKind::Store;
    if (to == OrderStatus::ReadyForPickup) {
      return store ? "reserved = reserved - ?1, committed = committed + ?1" : nullptr;
    }
    if (to == OrderStatus::PickedUp) return store ? "committed = committed - ?1, on_hand = on_hand - ?1" : nullptr;
    // Back on the shelf; shipped lines of a mixed order left with their parcel.
    if (to == OrderStatus::Lapsed) return store ? "committed = committed - ?1, available = available + ?1" : nullptr;
    if (to == OrderStatus::Cancelled) {
      if (store && from == OrderStatus::ReadyForPickup) return "committed = committed - ?1, available = available + ?1";
      return "reserved = reserved - ?1, available = available + ?1";
    }
    return nullptr;
  }

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
