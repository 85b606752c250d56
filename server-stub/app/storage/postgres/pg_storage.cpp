// Storage on PostgreSQL, for many server processes on one database. Every
// guarantee is inside one statement, correct under READ COMMITTED (where
// PostgreSQL re-checks an UPDATE's WHERE on the newest row version):
//   stock           UPDATE stock .. WHERE available - n >= keep_back, rows in key order
//   promotion limit INSERT INTO promotion_counts .. ON CONFLICT DO UPDATE .. WHERE used < limit
//   purchase limit  INSERT INTO purchase_counts .. ON CONFLICT DO UPDATE .. WHERE units + n <= limit
//   idempotency     pg_advisory_xact_lock on the key, then UNIQUE (scope, key)
//   order status    SELECT .. FOR UPDATE on the order row
//   returns         SELECT .. FOR UPDATE on the order row, UNIQUE idempotency_key
// The rules around them (order, outcomes) are order_rules.cpp's.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "order_rules.h"
#include "pg_db.h"
#include "pg_schema.h"
#include "shared_sql.h"
#include "storage.h"

namespace server {
namespace {

constexpr int32_t kKeyLockClass = 0x43484b32;  // "CHK2": the first key of Idempotency-Key locks
constexpr int64_t kExpiredKeysPerOrder = 4;

LocationKind parse_kind(const std::string& s) { return s == "warehouse" ? LocationKind::Warehouse : LocationKind::Store; }

std::optional<std::string> null_if_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// A text[] / integer[] parameter in PostgreSQL's array literal form.
std::string pg_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

constexpr const char* kStockColumns = "SELECT kind, location, sku, on_hand, available, reserved, committed FROM stock";

std::vector<StockRow> stock_rows(const PgResult& r) {
  std::vector<StockRow> rows;
  for (int i = 0; i < r.rows(); ++i) {
    StockRow row;
    row.key = StockKey{parse_kind(r.text(i, 0)), r.text(i, 1), r.text(i, 2)};
    row.on_hand = r.int64(i, 3);
    row.available = r.int64(i, 4);
    row.reserved = r.int64(i, 5);
    row.committed = r.int64(i, 6);
    rows.push_back(std::move(row));
  }
  return rows;
}

// The rows of `keys` in one statement (missing keys omitted), in the order asked.
std::vector<StockRow> read_rows(PgConnection& db, const std::vector<StockKey>& keys) {
  if (keys.empty()) return {};
  std::vector<std::string> kind, location, sku;
  for (const StockKey& key : keys) {
    kind.push_back(location_kind_name(key.kind));
    location.push_back(key.location);
    sku.push_back(key.sku);
  }
  return stock_rows(db.exec(
      "SELECT s.kind, s.location, s.sku, s.on_hand, s.available, s.reserved, s.committed "
      "FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS k (kind, location, sku, n) "
      "JOIN stock s ON s.kind = k.kind AND s.location = k.location AND s.sku = k.sku ORDER BY k.n",
      {pg_array(kind), pg_array(location), pg_array(sku)}));
}

constexpr const char* kOrderColumns =
    "SELECT id, public_id, status, pickup_store, channel, customer_name, customer_email, customer_email_key, "
    "customer_phone, shipping_address, quote, grand_total, currency, created_at, updated_at, number FROM orders";

std::pair<int64_t, OrderRecord> order_row(const PgResult& r, int i) {
  OrderRecord o;
  o.public_id = r.text(i, 1);
  o.status = parse_order_status(r.text(i, 2)).value_or(OrderStatus::Placed);
  o.pickup_store = r.text(i, 3);
  o.channel = r.text(i, 4);
  o.customer.name = r.text(i, 5);
  o.customer.email = r.text(i, 6);
  o.customer.email_key = r.text(i, 7);
  o.customer.phone = r.text(i, 8);
  o.shipping_address_json = r.text(i, 9);
  o.quote_json = r.text(i, 10);
  o.grand_total = r.int64(i, 11);
  o.currency = r.text(i, 12);
  o.created_at = r.int64(i, 13);
  o.updated_at = r.int64(i, 14);
  o.number = r.text(i, 15);
  return {r.int64(i, 0), std::move(o)};
}

void read_order_details(PgConnection& db, int64_t id, OrderRecord& o) {
  PgResult lines = db.exec("SELECT line, sku, quantity, kind, location FROM order_lines WHERE order_id = $1::bigint ORDER BY line", {id});
  for (int i = 0; i < lines.rows(); ++i) {
    o.lines.push_back(OrderLineRecord{static_cast<int32_t>(lines.int64(i, 0)), lines.text(i, 1), lines.int64(i, 2),
                                      parse_kind(lines.text(i, 3)), lines.text(i, 4)});
  }
  PgResult history = db.exec("SELECT status, at FROM order_history WHERE order_id = $1::bigint ORDER BY seq", {id});
  for (int i = 0; i < history.rows(); ++i) {
    o.history.push_back(
        StatusChange{parse_order_status(history.text(i, 0)).value_or(OrderStatus::Placed), history.int64(i, 1)});
  }
}

std::optional<OrderRecord> load_one(PgConnection& db, const std::string& sql, const std::vector<PgParam>& params) {
  PgResult r = db.exec(sql, params);
  if (r.rows() == 0) return std::nullopt;
  auto [id, o] = order_row(r, 0);
  read_order_details(db, id, o);
  return o;
}

void append_history(PgConnection& db, int64_t order_id, OrderStatus status, int64_t at) {
  db.exec(
      "INSERT INTO order_history (order_id, seq, status, at) "
      "VALUES ($1::bigint, (SELECT coalesce(max(seq), 0) + 1 FROM order_history WHERE order_id = $1::bigint), $2, $3::bigint)",
      {order_id, order_status_name(status), at});
}

// A key's record from (request_sha256, order_public_id, response_body,
// quote_at, the order's quote), its body with the quote spliced back.
std::optional<IdempotencyRecord> key_record(const PgResult& r) {
  if (r.rows() == 0) return std::nullopt;
  StoredResponse stored{r.text(0, 2), r.is_null(0, 3) ? std::nullopt : std::optional<int64_t>(r.int64(0, 3))};
  return IdempotencyRecord{r.text(0, 0), r.text(0, 1), with_quote(stored, r.text(0, 4))};
}

std::optional<IdempotencyRecord> find_key(PgConnection& db, const std::string& scope, const std::string& key,
                                          int64_t live_since) {
  return key_record(db.exec(
      "SELECT i.request_sha256, i.order_public_id, i.response_body, i.quote_at, o.quote "
      "FROM idempotency i LEFT JOIN orders o ON o.public_id = i.order_public_id "
      "WHERE i.scope = $1 AND i.key = $2 AND i.created_at >= $3::bigint",
      {scope, key, live_since}));
}

int64_t promotion_used(PgConnection& db, const PromotionCounter& c) {
  PgResult r = db.exec("SELECT used FROM promotion_counts WHERE promotion_id = $1 AND subject = $2",
                       {c.promotion_id, c.customer});
  return r.rows() > 0 ? r.int64(0, 0) : 0;
}

// The shared rules' steps on one connection, inside its transaction.
class PgLedger final : public LedgerTransaction {
 public:
  explicit PgLedger(PgConnection& db) : db_(db) {}

  std::optional<IdempotencyRecord> lock_key(const std::string& scope, const std::string& key,
                                            int64_t expired_before) override {
    // A second request with this key (on any instance) waits here until
    // this transaction ends, then finds the key; the UNIQUE constraint is
    // the backstop. hashtext collisions only make unrelated keys wait.
    db_.exec("SELECT pg_advisory_xact_lock($1::integer, hashtext($2 || chr(31) || $3))", {kKeyLockClass, scope, key});
    // A new statement, so a new snapshot: it sees what the lock's last
    // holder committed. The expired record goes in the same round trip.
    PgResult r = db_.exec(
        "WITH expired AS (DELETE FROM idempotency WHERE scope = $1 AND key = $2 AND created_at < $3::bigint) "
        "SELECT i.request_sha256, i.order_public_id, i.response_body, i.quote_at, o.quote "
        "FROM idempotency i LEFT JOIN orders o ON o.public_id = i.order_public_id "
        "WHERE i.scope = $1 AND i.key = $2 AND i.created_at >= $3::bigint",
        {scope, key, expired_before});
    return key_record(r);
  }

  bool count_promotion_use(const PromotionCounter& c) override {
    if (!c.limit) return true;
    PgResult r = db_.exec(
        "INSERT INTO promotion_counts (promotion_id, subject, used) SELECT $1, $2, 1 WHERE $3::bigint >= 1 "
        "ON CONFLICT (promotion_id, subject) DO UPDATE SET used = promotion_counts.used + 1 "
        "WHERE promotion_counts.used < $3::bigint",
        {c.promotion_id, c.customer, *c.limit});
    return r.affected() == 1;
  }

  void record_promotion_use(const std::string& promotion_id, const std::string& source,
                            const std::string& email_key) override {
    db_.exec("INSERT INTO promotion_usage (promotion_id, source, customer_email_key) VALUES ($1, $2, $3)",
             {promotion_id, source, email_key});
  }

  void release_promotion_uses(const std::string& source) override {
    PgResult gone = db_.exec("DELETE FROM promotion_usage WHERE source = $1 RETURNING promotion_id, customer_email_key",
                             {source});
    std::vector<std::pair<std::string, std::string>> uses;
    for (int i = 0; i < gone.rows(); ++i) uses.emplace_back(gone.text(i, 0), gone.text(i, 1));
    std::sort(uses.begin(), uses.end());  // counters in the order placing takes them
    for (const auto& [promotion, email_key] : uses) {
      db_.exec("UPDATE promotion_counts SET used = used - 1 WHERE promotion_id = $1 AND subject = '' AND used > 0",
               {promotion});
      if (!email_key.empty()) {
        db_.exec("UPDATE promotion_counts SET used = used - 1 WHERE promotion_id = $1 AND subject = $2 AND used > 0",
                 {promotion, email_key});
      }
    }
  }

  std::optional<size_t> take_stock(const std::vector<StockDemand>& demand, StockMove move) override {
    const std::string sql = "UPDATE stock SET " + stock_move_assignments(move, "$1::bigint") +
                            " WHERE kind = $2 AND location = $3 AND sku = $4 AND available - $1::bigint >= $5::bigint";
    for (size_t i = 0; i < demand.size(); ++i) {
      const StockDemand& d = demand[i];
      PgResult r = db_.exec(sql, {d.quantity, location_kind_name(d.key.kind), d.key.location, d.key.sku, d.keep_back});
      if (r.affected() != 1) return i;
    }
    return std::nullopt;
  }

  void move_stock(const StockKey& key, StockMove move, int64_t quantity) override {
    PgResult r = db_.exec("UPDATE stock SET " + stock_move_assignments(move, "$1::bigint") +
                              " WHERE kind = $2 AND location = $3 AND sku = $4",
                          {quantity, location_kind_name(key.kind), key.location, key.sku});
    if (r.affected() != 1) throw std::runtime_error("stock row missing for " + key.location + "/" + key.sku);
  }

  std::map<StockKey, int64_t> available(const std::vector<StockKey>& keys) override {
    std::map<StockKey, int64_t> units;
    for (const StockRow& r : read_rows(db_, keys)) units[r.key] = r.available;
    return units;
  }

  std::optional<int64_t> count_purchase(const PurchaseCap& cap) override {
    PgResult r = db_.exec(
        "INSERT INTO purchase_counts (sku, subject, window_start, units) "
        "SELECT $1, $2, $3::bigint, $4::bigint WHERE $4::bigint <= $5::bigint "
        "ON CONFLICT (sku, subject, window_start) DO UPDATE SET units = purchase_counts.units + EXCLUDED.units "
        "WHERE purchase_counts.units + EXCLUDED.units <= $5::bigint",
        {cap.sku, cap.subject, cap.window_start, cap.units, cap.limit});
    if (r.affected() == 1) return std::nullopt;
    PgResult used = db_.exec("SELECT units FROM purchase_counts WHERE sku = $1 AND subject = $2 AND window_start = $3::bigint",
                             {cap.sku, cap.subject, cap.window_start});
    return used.rows() > 0 ? used.int64(0, 0) : 0;
  }

  bool number_taken(const std::string& number) override {
    return db_.exec("SELECT 1 FROM orders WHERE number = $1", {number}).rows() > 0;
  }

  // The order, its lines and its first history entry in one statement
  // (one round trip; the foreign keys are checked at its end).
  void insert_order(const NewOrder& order, const std::string& number) override {
    std::vector<std::string> line, sku, quantity, kind, location;
    for (const StockLine& l : order.lines) {
      line.push_back(std::to_string(l.line));
      sku.push_back(l.sku);
      quantity.push_back(std::to_string(l.quantity));
      kind.push_back(location_kind_name(l.kind));
      location.push_back(l.location);
    }
    db_.exec(
        "WITH o AS (INSERT INTO orders (public_id, status, pickup_store, channel, customer_name, customer_email, "
        "customer_email_key, customer_phone, shipping_address, quote, grand_total, currency, created_at, updated_at, "
        "number) VALUES ($1, 'placed', $2, $3, $4, $5, $6, $7, $8, $9, $10::bigint, $11, $12::bigint, $12::bigint, $13) "
        "RETURNING id), "
        "l AS (INSERT INTO order_lines (order_id, line, sku, quantity, kind, location) "
        "SELECT o.id, x.line, x.sku, x.quantity, x.kind, x.location FROM o, "
        "unnest($14::integer[], $15::text[], $16::bigint[], $17::text[], $18::text[]) AS x (line, sku, quantity, kind, location)) "
        "INSERT INTO order_history (order_id, seq, status, at) SELECT id, 1, 'placed', $12::bigint FROM o",
        {order.public_id, PgParam::optional(null_if_empty(order.pickup_store)), order.channel, order.customer.name,
         order.customer.email, order.customer.email_key, order.customer.phone,
         PgParam::optional(null_if_empty(order.shipping_address_json)), order.quote_json, order.grand_total,
         order.currency, order.created_at, PgParam::optional(null_if_empty(number)), pg_array(line), pg_array(sku),
         pg_array(quantity), pg_array(kind), pg_array(location)});
  }

  void save_key(const NewOrder& order, const StoredResponse& response) override {
    // With it, a few expired keys go; rows another instance is deleting are
    // skipped, not waited for.
    db_.exec(
        "WITH purged AS (DELETE FROM idempotency WHERE id IN (SELECT id FROM idempotency WHERE created_at < $8::bigint "
        "ORDER BY created_at LIMIT $9::bigint FOR UPDATE SKIP LOCKED)) "
        "INSERT INTO idempotency (scope, key, request_sha256, order_public_id, response_body, quote_at, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6::bigint, $7::bigint)",
        {order.idempotency_scope, order.idempotency_key, order.request_sha256, order.public_id, response.body,
         response.quote_at ? PgParam(*response.quote_at) : PgParam(std::nullopt), order.created_at,
         order.created_at - kIdempotencyKeyLifetime, kExpiredKeysPerOrder});
  }

  void insert_sale(const NewSale& sale) override {
    PgResult r = db_.exec(
        "INSERT INTO sales (public_id, store_id, customer_email_key, quote, grand_total, currency, created_at) "
        "VALUES ($1, $2, $3, $4, $5::bigint, $6, $7::bigint) RETURNING id",
        {sale.public_id, sale.store_id, sale.customer.email_key, sale.quote_json, sale.grand_total, sale.currency,
         sale.created_at});
    const int64_t id = r.int64(0, 0);
    for (const StockLine& line : sale.lines) {
      db_.exec("INSERT INTO sale_lines (sale_id, line, sku, quantity) VALUES ($1::bigint, $2::integer, $3, $4::bigint)",
               {id, line.line, line.sku, line.quantity});
    }
  }

  std::optional<OrderRecord> lock_store_order(const std::string& store_id, const std::string& public_id) override {
    return load_one(db_, std::string(kOrderColumns) + " WHERE public_id = $1 AND pickup_store = $2 FOR UPDATE",
                    {public_id, store_id});
  }

  void set_status(const std::string& public_id, OrderStatus to, int64_t at) override {
    PgResult r = db_.exec("UPDATE orders SET status = $1, updated_at = $2::bigint WHERE public_id = $3 RETURNING id",
                          {order_status_name(to), at, public_id});
    if (r.rows() == 1) append_history(db_, r.int64(0, 0), to, at);
  }

 private:
  PgConnection& db_;
};

// Returns (returns_storage.h): the order row locked first, so two returns
// of one order are serialised and no unit comes back twice.
ReturnResult write_return(PgConnection& db, const NewReturn& r) {
  ReturnResult result;
  db.exec("SELECT 1 FROM orders WHERE public_id = $1 FOR UPDATE", {r.order_public_id});
  {
    PgResult s = db.exec("SELECT request_sha256, response_body FROM order_returns WHERE idempotency_key = $1",
                         {r.idempotency_key});
    if (s.rows() > 0) {
      result.outcome = s.text(0, 0) == r.request_sha256 ? ReturnResult::Outcome::Replayed : ReturnResult::Outcome::KeyReused;
      result.replay_body = s.text(0, 1);
      return result;
    }
  }
  if (db.exec("SELECT count(*) FROM order_returns WHERE order_public_id = $1", {r.order_public_id}).int64(0, 0) !=
      r.returns_before) {
    result.outcome = ReturnResult::Outcome::Stale;
    return result;
  }
  std::map<int64_t, int64_t> left;
  PgResult units = db.exec(
      "SELECT l.line, l.quantity - coalesce((SELECT sum(x.quantity) FROM order_return_lines x "
      "WHERE x.order_public_id = o.public_id AND x.line = l.line), 0) "
      "FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.public_id = $1",
      {r.order_public_id});
  for (int i = 0; i < units.rows(); ++i) left[units.int64(i, 0)] = units.int64(i, 1);
  for (const ReturnLineRecord& line : r.record.lines) {
    int64_t& n = left[line.line];
    if (n < line.quantity) {
      result.outcome = ReturnResult::Outcome::ExceedsOrder;
      return result;
    }
    n -= line.quantity;
  }
  const ReturnRecord& rec = r.record;
  const int64_t return_id =
      db.exec("INSERT INTO order_returns (public_id, order_public_id, idempotency_key, request_sha256, received_kind, "
              "received_location, channel, refund_method, refund_total, currency, refund, response_body, created_at) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::bigint, $10, $11, $12, $13::bigint) RETURNING id",
              {rec.public_id, r.order_public_id, r.idempotency_key, r.request_sha256, rec.received_kind,
               rec.received_location, rec.channel, rec.refund_method, rec.refund_total, rec.currency, rec.refund_json,
               r.response_body, rec.created_at})
          .int64(0, 0);
  int32_t seq = 0;
  for (const ReturnLineRecord& line : rec.lines) {
    db.exec("INSERT INTO order_return_lines (return_id, order_public_id, seq, line, sku, quantity, condition, refund) "
            "VALUES ($1::bigint, $2, $3::integer, $4::integer, $5, $6::bigint, $7, $8::bigint)",
            {return_id, r.order_public_id, seq++, line.line, line.sku, line.quantity,
             line.sellable ? "sellable" : "damaged", line.refund});
  }
  std::vector<std::pair<StockKey, int64_t>> restock = r.restock;
  std::sort(restock.begin(), restock.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });  // rows in key order
  for (const auto& [key, n] : restock) {
    db.exec("INSERT INTO stock (kind, location, sku, on_hand, available, reserved, committed) "
            "VALUES ($1, $2, $3, $4::bigint, $4::bigint, 0, 0) ON CONFLICT (kind, location, sku) DO UPDATE "
            "SET on_hand = stock.on_hand + EXCLUDED.on_hand, available = stock.available + EXCLUDED.available",
            {location_kind_name(key.kind), key.location, key.sku, n});
    result.touched.push_back(key);
  }
  return result;
}

class PgStorage final : public Storage {
 public:
  explicit PgStorage(PostgresOptions options) : options_(std::move(options)), pool_(options_) {
    auto c = pool_.lease();
    migrate(*c);
  }

  int64_t seed_stock(const std::vector<StockRow>& initial) override {
    std::vector<StockRow> rows = initial;
    std::sort(rows.begin(), rows.end(), [](const StockRow& a, const StockRow& b) { return a.key < b.key; });
    return pool_.transact([&](PgConnection& db) {
      int64_t added = 0;
      for (const StockRow& r : rows) {
        added += db.exec("INSERT INTO stock (kind, location, sku, on_hand, available, reserved, committed) "
                         "VALUES ($1, $2, $3, $4::bigint, $4::bigint, 0, 0) ON CONFLICT DO NOTHING",
                         {location_kind_name(r.key.kind), r.key.location, r.key.sku, r.on_hand})
                     .affected();
      }
      return std::make_pair(true, added);
    });
  }

  std::vector<StockRow> all_stock() override {
    return pool_.once([&](PgConnection& db) {
      return stock_rows(db.exec(std::string(kStockColumns) + " ORDER BY kind, location, sku"));
    });
  }

  std::vector<StockRow> read_stock(const std::vector<StockKey>& keys) override {
    return pool_.once([&](PgConnection& db) { return read_rows(db, keys); });
  }

  std::vector<StockRow> location_stock(LocationKind kind, const std::string& location) override {
    return pool_.once([&](PgConnection& db) {
      return stock_rows(db.exec(std::string(kStockColumns) + " WHERE kind = $1 AND location = $2 ORDER BY sku",
                                {location_kind_name(kind), location}));
    });
  }

  std::vector<std::string> exhausted_promotions(const std::vector<PromotionLimit>& limits,
                                                const std::string& email_key) override {
    return pool_.read([&](PgConnection& db) {
      return server::exhausted_promotions(limits, email_key,
                                          [&](const PromotionCounter& c) { return promotion_used(db, c); });
    });
  }

  std::optional<IdempotencyRecord> find_idempotency(const std::string& scope, const std::string& key,
                                                    int64_t now) override {
    return pool_.once(
        [&](PgConnection& db) { return find_key(db, scope, key, now - kIdempotencyKeyLifetime); });
  }

  PlaceOrderResult place_order(const NewOrder& order) override {
    return pool_.transact([&](PgConnection& db) {
      PgLedger ledger(db);
      PlaceOrderResult result;  // fresh on every attempt
      const bool commit = server::place_order(ledger, order, result);
      return std::make_pair(commit, std::move(result));
    });
  }

  TransitionResult transition_order(const std::string& store_id, const std::string& public_id, OrderStatus to,
                                    int64_t now) override {
    return pool_.transact([&](PgConnection& db) {
      PgLedger ledger(db);
      TransitionResult result;
      const bool commit = server::transition_order(ledger, store_id, public_id, to, now, result);
      return std::make_pair(commit, std::move(result));
    });
  }

  SaleResult record_sale(const NewSale& sale) override {
    return pool_.transact([&](PgConnection& db) {
      PgLedger ledger(db);
      SaleResult result;
      const bool commit = server::record_sale(ledger, sale, result);
      return std::make_pair(commit, std::move(result));
    });
  }

  std::optional<OrderRecord> get_order(const std::string& public_id_or_number) override {
    return pool_.read([&](PgConnection& db) {
      return load_one(db, std::string(kOrderColumns) + " WHERE public_id = $1 OR number = $1", {public_id_or_number});
    });
  }

  std::vector<OrderRecord> store_orders(const std::string& store_id, const std::vector<OrderStatus>& statuses,
                                        int32_t limit) override {
    return pool_.read([&](PgConnection& db) {
      std::string names;
      for (OrderStatus s : statuses) names += std::string(names.empty() ? "" : ",") + order_status_name(s);
      PgResult r = db.exec(std::string(kOrderColumns) +
                               " WHERE pickup_store = $1 AND ($2 = '' OR status = ANY (string_to_array($2, ','))) "
                               "ORDER BY id DESC LIMIT $3::bigint",
                           {store_id, names, int64_t{limit}});
      std::vector<OrderRecord> orders;
      for (int i = 0; i < r.rows(); ++i) {
        auto [id, o] = order_row(r, i);
        read_order_details(db, id, o);
        orders.push_back(std::move(o));
      }
      return orders;
    });
  }

  AuditReport audit() override {
    return pool_.read([&](PgConnection& db) {
      AuditReport report;
      report.rows = db.exec("SELECT count(*) FROM stock").int64(0, 0);
      PgResult r = db.exec(kAuditQuery);
      for (int i = 0; i < r.rows(); ++i) {
        report.violations.push_back(audit_violation(r.text(i, 0), r.text(i, 1), r.text(i, 2), r.int64(i, 3),
                                                    r.int64(i, 4), r.int64(i, 5), r.int64(i, 6), r.int64(i, 7),
                                                    r.int64(i, 8)));
      }
      return report;
    });
  }

  ReturnResult record_return(const NewReturn& r) override {
    return pool_.transact([&](PgConnection& db) {
      ReturnResult result = write_return(db, r);
      return std::make_pair(result.outcome == ReturnResult::Outcome::Recorded, std::move(result));
    });
  }

  std::optional<IdempotencyRecord> find_return_key(const std::string& key) override {
    return pool_.once([&](PgConnection& db) -> std::optional<IdempotencyRecord> {
      PgResult r = db.exec("SELECT request_sha256, public_id, response_body FROM order_returns WHERE idempotency_key = $1",
                           {key});
      if (r.rows() == 0) return std::nullopt;
      return IdempotencyRecord{r.text(0, 0), r.text(0, 1), r.text(0, 2)};
    });
  }

  std::vector<ReturnRecord> order_returns(const std::string& order_public_id) override {
    return pool_.read([&](PgConnection& db) {
      PgResult r = db.exec(
          "SELECT id, public_id, received_kind, received_location, channel, refund_method, refund_total, currency, "
          "refund, created_at FROM order_returns WHERE order_public_id = $1 ORDER BY id",
          {order_public_id});
      std::vector<ReturnRecord> out;
      for (int i = 0; i < r.rows(); ++i) {
        ReturnRecord rec;
        rec.public_id = r.text(i, 1);
        rec.received_kind = r.text(i, 2);
        rec.received_location = r.text(i, 3);
        rec.channel = r.text(i, 4);
        rec.refund_method = r.text(i, 5);
        rec.refund_total = r.int64(i, 6);
        rec.currency = r.text(i, 7);
        rec.refund_json = r.text(i, 8);
        rec.created_at = r.int64(i, 9);
        PgResult lines = db.exec(
            "SELECT line, sku, quantity, condition, refund FROM order_return_lines WHERE return_id = $1::bigint "
            "ORDER BY seq",
            {r.int64(i, 0)});
        for (int j = 0; j < lines.rows(); ++j) {
          rec.lines.push_back(ReturnLineRecord{static_cast<int32_t>(lines.int64(j, 0)), lines.text(j, 1),
                                               lines.int64(j, 2), lines.text(j, 3) == "sellable", lines.int64(j, 4)});
        }
        out.push_back(std::move(rec));
      }
      return out;
    });
  }

 private:
  PostgresOptions options_;  // before pool_: the connections refer to it
  PgPool pool_;
};

}  // namespace

std::unique_ptr<Storage> open_postgres_storage(const PostgresOptions& options) {
  return std::make_unique<PgStorage>(options);
}

}  // namespace server
