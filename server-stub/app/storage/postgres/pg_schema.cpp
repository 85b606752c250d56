#include "pg_schema.h"

#include <stdexcept>
#include <string>

namespace server {
namespace {

// Advisory lock classes (the first key of the two-key form): one for the
// migrations, one for Idempotency-Keys (pg_storage.cpp).
constexpr int64_t kMigrationLock = 0x43484b31;  // "CHK1"

// Each entry upgrades the schema by one version; never edit a shipped entry,
// append a new one. Counts are bigint (int64 money and quantities).
const char* const kMigrations[] = {
    // 1: everything the SQLite schema has at its version 5, plus counter rows
    // for promotion limits (SQLite counts usage rows under its one writer;
    // here "count, then insert" would let concurrent orders past a limit).
    R"sql(
CREATE TABLE stock (
  kind      text   NOT NULL CHECK (kind IN ('store', 'warehouse')),
  location  text   NOT NULL,
  sku       text   NOT NULL,
  on_hand   bigint NOT NULL,
  available bigint NOT NULL CHECK (available >= 0),
  reserved  bigint NOT NULL CHECK (reserved >= 0),
  committed bigint NOT NULL CHECK (committed >= 0),
  CHECK (on_hand = available + reserved + committed),
  PRIMARY KEY (kind, location, sku)
);

CREATE TABLE orders (
  id                 bigserial PRIMARY KEY,
  public_id          text   NOT NULL UNIQUE,
  number             text,
  status             text   NOT NULL CHECK (status IN ('placed', 'ready_for_pickup', 'picked_up', 'cancelled')),
  pickup_store       text,
  channel            text   NOT NULL,
  customer_name      text   NOT NULL,
  customer_email     text   NOT NULL,
  customer_email_key text   NOT NULL,
  customer_phone     text   NOT NULL,
  shipping_address   text,
  quote              text   NOT NULL,
  grand_total        bigint NOT NULL,
  currency           text   NOT NULL,
  created_at         bigint NOT NULL,
  updated_at         bigint NOT NULL
);
CREATE UNIQUE INDEX orders_by_number ON orders (number) WHERE number IS NOT NULL;
CREATE INDEX orders_by_pickup_store ON orders (pickup_store, id) WHERE pickup_store IS NOT NULL;

CREATE TABLE order_lines (
  order_id bigint  NOT NULL REFERENCES orders (id),
  line     integer NOT NULL,
  sku      text    NOT NULL,
  quantity bigint  NOT NULL CHECK (quantity > 0),
  kind     text    NOT NULL CHECK (kind IN ('store', 'warehouse')),
  location text    NOT NULL,
  PRIMARY KEY (order_id, line)
);
CREATE INDEX order_lines_by_stock ON order_lines (kind, location, sku);

CREATE TABLE order_history (
  order_id bigint  NOT NULL REFERENCES orders (id),
  seq      integer NOT NULL,
  status   text    NOT NULL,
  at       bigint  NOT NULL,
  PRIMARY KEY (order_id, seq)
);

CREATE TABLE sales (
  id                 bigserial PRIMARY KEY,
  public_id          text   NOT NULL UNIQUE,
  store_id           text   NOT NULL,
  customer_email_key text   NOT NULL,
  quote              text   NOT NULL,
  grand_total        bigint NOT NULL,
  currency           text   NOT NULL,
  created_at         bigint NOT NULL
);

CREATE TABLE sale_lines (
  sale_id  bigint  NOT NULL REFERENCES sales (id),
  line     integer NOT NULL,
  sku      text    NOT NULL,
  quantity bigint  NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (sale_id, line)
);

CREATE TABLE promotion_usage (
  promotion_id       text NOT NULL,
  source             text NOT NULL,
  customer_email_key text NOT NULL,
  PRIMARY KEY (promotion_id, source)
);
CREATE INDEX promotion_usage_by_source ON promotion_usage (source);

-- Uses of a limited promotion: subject '' is every customer's, otherwise a
-- customer's email key. Raised only by INSERT .. ON CONFLICT .. DO UPDATE
-- .. WHERE used < limit.
CREATE TABLE promotion_counts (
  promotion_id text   NOT NULL,
  subject      text   NOT NULL,
  used         bigint NOT NULL CHECK (used >= 0),
  PRIMARY KEY (promotion_id, subject)
);

CREATE TABLE purchase_counts (
  sku          text   NOT NULL,
  subject      text   NOT NULL,
  window_start bigint NOT NULL,
  units        bigint NOT NULL CHECK (units >= 0),
  PRIMARY KEY (sku, subject, window_start)
);

-- The 201 body without the quote (orders.quote holds it): quote_at is where
-- it was cut out. Keys expire after 24 h (kIdempotencyKeyLifetime).
CREATE TABLE idempotency (
  id              bigserial PRIMARY KEY,
  scope           text   NOT NULL,
  key             text   NOT NULL,
  request_sha256  text   NOT NULL,
  order_public_id text   NOT NULL,
  response_body   text   NOT NULL,
  quote_at        bigint,
  created_at      bigint NOT NULL,
  UNIQUE (scope, key)
);
CREATE INDEX idempotency_by_age ON idempotency (created_at);

CREATE TABLE order_returns (
  id                bigserial PRIMARY KEY,
  public_id         text   NOT NULL UNIQUE,
  order_public_id   text   NOT NULL REFERENCES orders (public_id),
  idempotency_key   text   NOT NULL UNIQUE,
  request_sha256    text   NOT NULL,
  received_kind     text   NOT NULL CHECK (received_kind IN ('store', 'mail')),
  received_location text   NOT NULL,
  channel           text   NOT NULL,
  refund_method     text   NOT NULL,
  refund_total      bigint NOT NULL CHECK (refund_total >= 0),
  currency          text   NOT NULL,
  refund            text   NOT NULL,
  response_body     text   NOT NULL,
  created_at        bigint NOT NULL
);
CREATE INDEX order_returns_by_order ON order_returns (order_public_id, id);
CREATE TABLE order_return_lines (
  return_id       bigint  NOT NULL REFERENCES order_returns (id),
  order_public_id text    NOT NULL,
  seq             integer NOT NULL,
  line            integer NOT NULL,
  sku             text    NOT NULL,
  quantity        bigint  NOT NULL CHECK (quantity > 0),
  condition       text    NOT NULL CHECK (condition IN ('sellable', 'damaged')),
  refund          bigint  NOT NULL,
  PRIMARY KEY (return_id, seq)
);
CREATE INDEX order_return_lines_by_order ON order_return_lines (order_public_id, line);
)sql",
};
constexpr int64_t kSchemaVersion = static_cast<int64_t>(sizeof(kMigrations) / sizeof(kMigrations[0]));

}  // namespace

void migrate(PgConnection& db) {
  db.run("BEGIN");
  try {
    db.exec("SELECT pg_advisory_xact_lock($1::bigint)", {kMigrationLock});
    db.run("CREATE TABLE IF NOT EXISTS checkout_schema (version integer NOT NULL)");
    PgResult current = db.exec("SELECT version FROM checkout_schema");
    const int64_t version = current.rows() > 0 ? current.int64(0, 0) : 0;
    if (version > kSchemaVersion) {
      throw std::runtime_error("database schema version " + std::to_string(version) + " is newer than this server (" +
                               std::to_string(kSchemaVersion) + ")");
    }
    for (int64_t v = version; v < kSchemaVersion; ++v) db.run(kMigrations[v]);
    if (current.rows() == 0) {
      db.exec("INSERT INTO checkout_schema (version) VALUES ($1::integer)", {kSchemaVersion});
    } else {
      db.exec("UPDATE checkout_schema SET version = $1::integer", {kSchemaVersion});
    }
    db.run("COMMIT");
  } catch (...) {
    if (!db.broken()) {
      try {
        db.run("ROLLBACK");
      } catch (...) {
      }
    }
    throw;
  }
}

}  // namespace server
