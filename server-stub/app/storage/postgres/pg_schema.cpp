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
    // 1: everything the SQLite schema has at its version 6, plus counter rows
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
  status             text   NOT NULL
                     CHECK (status IN ('placed', 'ready_for_pickup', 'picked_up', 'cancelled', 'lapsed')),
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
  updated_at         bigint NOT NULL,
  hold_until         bigint  -- staff extended the pickup hold to here (pickup_holds.h)
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
// The staff accounts' own migrations (pg_staff.cpp, signin_throttle_postgres.cpp),
// versioned in checkout_staff_schema under the same advisory lock: they may
// live in the orders' database (the default) or in one of their own
// (--accounts-db postgresql://...), which then holds nothing else.
const char* const kStaffMigrations[] = {
    // 1: what SQLite's staff tables hold, plus the sign-in throttle's
    // counter rows, one per subject and minute.
    R"sql(
CREATE TABLE staff_accounts (
  id            bigserial PRIMARY KEY,
  username      text   NOT NULL UNIQUE,
  role          text   NOT NULL CHECK (role IN ('admin', 'store')),
  store         text   NOT NULL,
  password_hash text,
  revoked_at    bigint,
  created_at    bigint NOT NULL
);
-- Links and sessions, by the BLAKE2b hash of their token (never the token).
CREATE TABLE staff_tokens (
  token_hash text   PRIMARY KEY,
  kind       text   NOT NULL CHECK (kind IN ('link', 'session')),
  account_id bigint NOT NULL REFERENCES staff_accounts (id),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  ended_at   bigint
);
CREATE INDEX staff_tokens_by_account ON staff_tokens (account_id) WHERE ended_at IS NULL;
CREATE TABLE staff_actions (
  id         bigserial PRIMARY KEY,
  at         bigint  NOT NULL,
  account_id bigint  NOT NULL REFERENCES staff_accounts (id),
  method     text    NOT NULL,
  path       text    NOT NULL,
  status     integer NOT NULL
);
-- Failed sign-ins per subject ('user:NAME' or 'client:ADDRESS') and unix
-- minute, raised by INSERT .. ON CONFLICT .. DO UPDATE (signin_throttle.h).
CREATE TABLE staff_signin_failures (
  subject  text   NOT NULL,
  minute   bigint NOT NULL,
  failures bigint NOT NULL CHECK (failures > 0),
  PRIMARY KEY (subject, minute)
);
)sql",
};

// In one transaction holding the migration lock: reads `version_table`,
// applies the entries past it, records the new version.
void apply_migrations(PgConnection& db, const std::string& version_table, const char* const* migrations,
                      int64_t count) {
  db.run("BEGIN");
  try {
    db.exec("SELECT pg_advisory_xact_lock($1::bigint)", {kMigrationLock});
    db.run("CREATE TABLE IF NOT EXISTS " + version_table + " (version integer NOT NULL)");
    PgResult current = db.exec("SELECT version FROM " + version_table);
    const int64_t version = current.rows() > 0 ? current.int64(0, 0) : 0;
    if (version > count) {
      throw std::runtime_error(version_table + " version " + std::to_string(version) + " is newer than this server (" +
                               std::to_string(count) + ")");
    }
    for (int64_t v = version; v < count; ++v) db.run(migrations[v]);
    if (current.rows() == 0) {
      db.exec("INSERT INTO " + version_table + " (version) VALUES ($1::integer)", {count});
    } else {
      db.exec("UPDATE " + version_table + " SET version = $1::integer", {count});
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

}  // namespace

void migrate(PgConnection& db) {
  apply_migrations(db, "checkout_schema", kMigrations, static_cast<int64_t>(sizeof(kMigrations) / sizeof(kMigrations[0])));
}

void migrate_staff(PgConnection& db) {
  apply_migrations(db, "checkout_staff_schema", kStaffMigrations,
                   static_cast<int64_t>(sizeof(kStaffMigrations) / sizeof(kStaffMigrations[0])));
}

}  // namespace server
