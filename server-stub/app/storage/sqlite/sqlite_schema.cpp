// The SQLite schema: numbered migrations (PRAGMA user_version) and the
// per-connection settings.
#include "sqlite_schema.h"

#include <stdexcept>
#include <string>

#include "sqlite_returns.h"

namespace server {
namespace {

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
    // 5: an order's key stores its 201 body without the quote (the order row
    // holds it; it was stored twice, ~8-10 KB an order): quote_at is where it
    // was cut out, NULL for bodies stored whole. Keys expire after 24 h and
    // are deleted oldest first, by created_at.
    R"sql(
ALTER TABLE idempotency ADD COLUMN quote_at INTEGER;
CREATE INDEX idempotency_by_age ON idempotency (created_at);
)sql",
};
constexpr int64_t kSchemaVersion = static_cast<int64_t>(sizeof(kMigrations) / sizeof(kMigrations[0]));

}  // namespace

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
  ensure_returns_schema(db);
  tx.commit();
}

void configure(SqliteConnection& db, const SqliteOptions& options) {
  db.exec("PRAGMA busy_timeout = " + std::to_string(options.busy_timeout_ms));
  db.exec("PRAGMA foreign_keys = ON");
  // NORMAL in WAL mode: a commit survives the process being killed (the WAL
  // is in the OS's hands); FULL also survives power loss, at an fsync per commit.
  db.exec(options.durable_sync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
}

}  // namespace server
