#include "sqlite_returns.h"

#include <map>
#include <utility>

namespace server {
namespace {

constexpr const char* kReturnsSchema = R"sql(
CREATE TABLE IF NOT EXISTS order_returns (
  id                INTEGER PRIMARY KEY,
  public_id         TEXT    NOT NULL UNIQUE,
  order_public_id   TEXT    NOT NULL REFERENCES orders (public_id),
  idempotency_key   TEXT    NOT NULL UNIQUE,
  request_sha256    TEXT    NOT NULL,
  received_kind     TEXT    NOT NULL CHECK (received_kind IN ('store', 'mail')),
  received_location TEXT    NOT NULL,
  channel           TEXT    NOT NULL,
  refund_method     TEXT    NOT NULL,
  refund_total      INTEGER NOT NULL CHECK (refund_total >= 0),
  currency          TEXT    NOT NULL,
  refund            TEXT    NOT NULL,
  response_body     TEXT    NOT NULL,
  created_at        INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS order_returns_by_order ON order_returns (order_public_id, id);
CREATE TABLE IF NOT EXISTS order_return_lines (
  return_id       INTEGER NOT NULL REFERENCES order_returns (id),
  order_public_id TEXT    NOT NULL,
  seq             INTEGER NOT NULL,
  line            INTEGER NOT NULL,
  sku             TEXT    NOT NULL,
  quantity        INTEGER NOT NULL CHECK (quantity > 0),
  condition       TEXT    NOT NULL CHECK (condition IN ('sellable', 'damaged')),
  refund          INTEGER NOT NULL,
  PRIMARY KEY (return_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS order_return_lines_by_order ON order_return_lines (order_public_id, line);
)sql";

int64_t count_returns(SqliteConnection& db, const std::string& order_public_id) {
  SqliteStatement s = db.prepare("SELECT count(*) FROM order_returns WHERE order_public_id = ?1");
  s.bind(1, order_public_id);
  s.step();
  return s.int64(0);
}

// Units of each order line not returned yet, as the database has it now.
std::map<int64_t, int64_t> returnable_units(SqliteConnection& db, const std::string& order_public_id) {
  std::map<int64_t, int64_t> left;
  SqliteStatement s = db.prepare(
      "SELECT l.line, l.quantity - coalesce((SELECT sum(r.quantity) FROM order_return_lines r "
      "WHERE r.order_public_id = o.public_id AND r.line = l.line), 0) "
      "FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.public_id = ?1");
  s.bind(1, order_public_id);
  while (s.step()) left[s.int64(0)] = s.int64(1);
  return left;
}

}  // namespace

void ensure_returns_schema(SqliteConnection& db) { db.exec(kReturnsSchema); }

ReturnResult write_return(SqliteConnection& db, const NewReturn& r) {
  ReturnResult result;
  {
    SqliteStatement s = db.prepare("SELECT request_sha256, response_body FROM order_returns WHERE idempotency_key = ?1");
    s.bind(1, r.idempotency_key);
    if (s.step()) {
      result.outcome = s.text(0) == r.request_sha256 ? ReturnResult::Outcome::Replayed : ReturnResult::Outcome::KeyReused;
      result.replay_body = s.text(1);
      return result;
    }
  }
  if (count_returns(db, r.order_public_id) != r.returns_before) {
    result.outcome = ReturnResult::Outcome::Stale;
    return result;
  }
  // The guarantee that no unit comes back twice lives here, in the same
  // transaction as the writes below, whatever the caller checked before.
  std::map<int64_t, int64_t> left = returnable_units(db, r.order_public_id);
  for (const ReturnLineRecord& line : r.record.lines) {
    int64_t& units = left[line.line];
    if (units < line.quantity) {
      result.outcome = ReturnResult::Outcome::ExceedsOrder;
      return result;
    }
    units -= line.quantity;
  }

  const ReturnRecord& rec = r.record;
  db.prepare(
        "INSERT INTO order_returns (public_id, order_public_id, idempotency_key, request_sha256, received_kind, "
        "received_location, channel, refund_method, refund_total, currency, refund, response_body, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")
      .bind(1, rec.public_id)
      .bind(2, r.order_public_id)
      .bind(3, r.idempotency_key)
      .bind(4, r.request_sha256)
      .bind(5, rec.received_kind)
      .bind(6, rec.received_location)
      .bind(7, rec.channel)
      .bind(8, rec.refund_method)
      .bind(9, rec.refund_total)
      .bind(10, rec.currency)
      .bind(11, rec.refund_json)
      .bind(12, r.response_body)
      .bind(13, rec.created_at)
      .run();
  const int64_t return_id = db.last_insert_rowid();
  int64_t seq = 0;
  for (const ReturnLineRecord& line : rec.lines) {
    db.prepare(
          "INSERT INTO order_return_lines (return_id, order_public_id, seq, line, sku, quantity, condition, refund) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        .bind(1, return_id)
        .bind(2, r.order_public_id)
        .bind(3, seq++)
        .bind(4, int64_t{line.line})
        .bind(5, line.sku)
        .bind(6, line.quantity)
        .bind(7, line.sellable ? "sellable" : "damaged")
        .bind(8, line.refund)
        .run();
  }
  for (const auto& [key, units] : r.restock) {
    db.prepare(
          "INSERT INTO stock (kind, location, sku, on_hand, available, reserved, committed) "
          "VALUES (?1, ?2, ?3, ?4, ?4, 0, 0) "
          "ON CONFLICT (kind, location, sku) DO UPDATE SET on_hand = on_hand + ?4, available = available + ?4")
        .bind(1, location_kind_name(key.kind))
        .bind(2, key.location)
        .bind(3, key.sku)
        .bind(4, units)
        .run();
    result.touched.push_back(key);
  }
  return result;
}

std::optional<IdempotencyRecord> read_return_key(SqliteConnection& db, const std::string& key) {
  SqliteStatement s =
      db.prepare("SELECT request_sha256, public_id, response_body FROM order_returns WHERE idempotency_key = ?1");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return IdempotencyRecord{s.text(0), s.text(1), s.text(2)};
}

std::vector<ReturnRecord> read_returns(SqliteConnection& db, const std::string& order_public_id) {
  std::vector<std::pair<int64_t, ReturnRecord>> found;
  {
    SqliteStatement s = db.prepare(
        "SELECT id, public_id, received_kind, received_location, channel, refund_method, refund_total, currency, "
        "refund, created_at FROM order_returns WHERE order_public_id = ?1 ORDER BY id");
    s.bind(1, order_public_id);
    while (s.step()) {
      ReturnRecord rec;
      rec.public_id = s.text(1);
      rec.received_kind = s.text(2);
      rec.received_location = s.text(3);
      rec.channel = s.text(4);
      rec.refund_method = s.text(5);
      rec.refund_total = s.int64(6);
      rec.currency = s.text(7);
      rec.refund_json = s.text(8);
      rec.created_at = s.int64(9);
      found.emplace_back(s.int64(0), std::move(rec));
    }
  }
  std::vector<ReturnRecord> out;
  for (auto& [id, rec] : found) {
    SqliteStatement s = db.prepare(
        "SELECT line, sku, quantity, condition, refund FROM order_return_lines WHERE return_id = ?1 ORDER BY seq");
    s.bind(1, id);
    while (s.step()) {
      rec.lines.push_back(ReturnLineRecord{static_cast<int32_t>(s.int64(0)), s.text(1), s.int64(2),
                                           s.text(3) == "sellable", s.int64(4)});
    }
    out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace server
