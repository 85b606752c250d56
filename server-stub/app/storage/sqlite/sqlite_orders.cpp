#include "sqlite_orders.h"

#include <utility>

#include "sqlite_ledger.h"

namespace server {
namespace {

constexpr const char* kOrderColumns =
    "SELECT id, public_id, status, pickup_store, channel, customer_name, customer_email, customer_email_key, "
    "customer_phone, shipping_address, quote, grand_total, currency, created_at, updated_at, number FROM orders";

// Expired keys deleted with each new one: more than one, so the table
// shrinks after a busy day.
constexpr int64_t kExpiredKeysPerOrder = 4;

std::optional<std::string> null_if_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

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
  return s.int64(0);
}

void read_order_details(SqliteConnection& db, int64_t id, OrderRecord& o) {
  SqliteStatement lines =
      db.prepare("SELECT line, sku, quantity, kind, location FROM order_lines WHERE order_id = ?1 ORDER BY line");
  lines.bind(1, id);
  while (lines.step()) {
    o.lines.push_back(OrderLineRecord{static_cast<int32_t>(lines.int64(0)), lines.text(1), lines.int64(2),
                                      parse_location_kind(lines.text(3)), lines.text(4)});
  }
  SqliteStatement history = db.prepare("SELECT status, at FROM order_history WHERE order_id = ?1 ORDER BY seq");
  history.bind(1, id);
  while (history.step()) {
    o.history.push_back(StatusChange{parse_order_status(history.text(0)).value_or(OrderStatus::Placed), history.int64(1)});
  }
}

std::optional<OrderRecord> load_where(SqliteConnection& db, const std::string& sql_where, const std::string& arg1,
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

}  // namespace

std::optional<OrderRecord> load_order(SqliteConnection& db, const std::string& public_id_or_number) {
  return load_where(db, "(public_id = ?1 OR number = ?1)", public_id_or_number, nullptr);
}

std::optional<OrderRecord> load_store_order(SqliteConnection& db, const std::string& store_id,
                                            const std::string& public_id) {
  return load_where(db, "public_id = ?1 AND pickup_store = ?2", public_id, &store_id);
}

std::vector<OrderRecord> load_store_orders(SqliteConnection& db, const std::string& store_id,
                                           const std::vector<OrderStatus>& statuses, int32_t limit) {
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
    SqliteStatement s = db.prepare(sql);
    s.bind(1, store_id).bind(2, int64_t{limit});
    while (s.step()) {
      OrderRecord o;
      const int64_t id = read_order_row(s, o);
      found.emplace_back(id, std::move(o));
    }
  }
  std::vector<OrderRecord> orders;
  for (auto& [id, o] : found) {
    read_order_details(db, id, o);
    orders.push_back(std::move(o));
  }
  return orders;
}

void insert_order(SqliteConnection& db, const NewOrder& order, const std::string& number) {
  db.prepare(
        "INSERT INTO orders (public_id, status, pickup_store, channel, customer_name, customer_email, "
        "customer_email_key, customer_phone, shipping_address, quote, grand_total, currency, created_at, updated_at, "
        "number) VALUES (?1, 'placed', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)")
      .bind(1, order.public_id)
      .bind_optional(2, null_if_empty(order.pickup_store))
      .bind(3, order.channel)
      .bind(4, order.customer.name)
      .bind(5, order.customer.email)
      .bind(6, order.customer.email_key)
      .bind(7, order.customer.phone)
      .bind_optional(8, null_if_empty(order.shipping_address_json))
      .bind(9, order.quote_json)
      .bind(10, order.grand_total)
      .bind(11, order.currency)
      .bind(12, order.created_at)
      .bind_optional(13, null_if_empty(number))
      .run();
  const int64_t order_id = db.last_insert_rowid();
  for (const StockLine& line : order.lines) {
    db.prepare("INSERT INTO order_lines (order_id, line, sku, quantity, kind, location) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, order_id)
        .bind(2, line.line)
        .bind(3, line.sku)
        .bind(4, line.quantity)
        .bind(5, location_kind_name(line.kind))
        .bind(6, line.location)
        .run();
  }
  append_history(db, order_id, OrderStatus::Placed, order.created_at);
}

void set_order_status(SqliteConnection& db, const std::string& public_id, OrderStatus to, int64_t at) {
  int64_t id = 0;
  {
    SqliteStatement s = db.prepare("SELECT id FROM orders WHERE public_id = ?1");
    s.bind(1, public_id);
    if (!s.step()) return;
    id = s.int64(0);
  }
  db.prepare("UPDATE orders SET status = ?1, updated_at = ?2 WHERE id = ?3")
      .bind(1, order_status_name(to))
      .bind(2, at)
      .bind(3, id)
      .run();
  append_history(db, id, to, at);
}

bool order_number_taken(SqliteConnection& db, const std::string& number) {
  SqliteStatement s = db.prepare("SELECT 1 FROM orders WHERE number = ?1");
  s.bind(1, number);
  return s.step();
}

void insert_sale(SqliteConnection& db, const NewSale& sale) {
  db.prepare(
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
  const int64_t sale_id = db.last_insert_rowid();
  for (const StockLine& line : sale.lines) {
    db.prepare("INSERT INTO sale_lines (sale_id, line, sku, quantity) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, sale_id)
        .bind(2, line.line)
        .bind(3, line.sku)
        .bind(4, line.quantity)
        .run();
  }
}

std::optional<IdempotencyRecord> find_order_key(SqliteConnection& db, const std::string& scope, const std::string& key,
                                                int64_t live_since) {
  SqliteStatement s = db.prepare(
      "SELECT i.request_sha256, i.order_public_id, i.response_body, i.quote_at, o.quote "
      "FROM idempotency i LEFT JOIN orders o ON o.public_id = i.order_public_id "
      "WHERE i.scope = ?1 AND i.key = ?2 AND i.created_at >= ?3");
  s.bind(1, scope).bind(2, key).bind(3, live_since);
  if (!s.step()) return std::nullopt;
  StoredResponse stored{s.text(2), s.is_null(3) ? std::nullopt : std::optional<int64_t>(s.int64(3))};
  return IdempotencyRecord{s.text(0), s.text(1), with_quote(stored, s.text(4))};
}

void delete_expired_key(SqliteConnection& db, const std::string& scope, const std::string& key, int64_t live_since) {
  db.prepare("DELETE FROM idempotency WHERE scope = ?1 AND key = ?2 AND created_at < ?3")
      .bind(1, scope)
      .bind(2, key)
      .bind(3, live_since)
      .run();
}

void save_order_key(SqliteConnection& db, const NewOrder& order, const StoredResponse& response) {
  SqliteStatement insert = db.prepare(
      "INSERT INTO idempotency (scope, key, request_sha256, order_public_id, response_body, quote_at, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  insert.bind(1, order.idempotency_scope)
      .bind(2, order.idempotency_key)
      .bind(3, order.request_sha256)
      .bind(4, order.public_id)
      .bind(5, response.body)
      .bind(7, order.created_at);
  if (response.quote_at) insert.bind(6, *response.quote_at); else insert.bind_null(6);
  insert.run();
  db.prepare(
        "DELETE FROM idempotency WHERE id IN "
        "(SELECT id FROM idempotency WHERE created_at < ?1 ORDER BY created_at LIMIT ?2)")
      .bind(1, order.created_at - kIdempotencyKeyLifetime)
      .bind(2, kExpiredKeysPerOrder)
      .run();
}

}  // namespace server
