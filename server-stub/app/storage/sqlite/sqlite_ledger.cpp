#include "sqlite_ledger.h"

#include <stdexcept>
#include <string>
#include <utility>

#include "shared_sql.h"

namespace server {
namespace {

constexpr const char* kStockColumns = "SELECT kind, location, sku, on_hand, available, reserved, committed FROM stock";

std::vector<StockRow> read_rows(SqliteStatement& s) {
  std::vector<StockRow> rows;
  while (s.step()) {
    StockRow r;
    r.key = StockKey{parse_location_kind(s.text(0)), s.text(1), s.text(2)};
    r.on_hand = s.int64(3);
    r.available = s.int64(4);
    r.reserved = s.int64(5);
    r.committed = s.int64(6);
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace

LocationKind parse_location_kind(const std::string& s) {
  return s == "warehouse" ? LocationKind::Warehouse : LocationKind::Store;
}

int64_t seed_stock_rows(SqliteConnection& db, const std::vector<StockRow>& initial) {
  int64_t added = 0;
  for (const StockRow& r : initial) {
    db.prepare(
          "INSERT OR IGNORE INTO stock (kind, location, sku, on_hand, available, reserved, committed) "
          "VALUES (?1, ?2, ?3, ?4, ?4, 0, 0)")
        .bind(1, location_kind_name(r.key.kind))
        .bind(2, r.key.location)
        .bind(3, r.key.sku)
        .bind(4, r.on_hand)
        .run();
    added += db.changes();
  }
  return added;
}

std::vector<StockRow> all_stock_rows(SqliteConnection& db) {
  SqliteStatement s = db.prepare(std::string(kStockColumns) + " ORDER BY kind, location, sku");
  return read_rows(s);
}

std::vector<StockRow> stock_rows_of(SqliteConnection& db, const std::vector<StockKey>& keys) {
  std::vector<StockRow> rows;
  for (const StockKey& key : keys) {
    SqliteStatement s = db.prepare(std::string(kStockColumns) + " WHERE kind = ?1 AND location = ?2 AND sku = ?3");
    s.bind(1, location_kind_name(key.kind)).bind(2, key.location).bind(3, key.sku);
    for (StockRow& r : read_rows(s)) rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<StockRow> location_stock_rows(SqliteConnection& db, LocationKind kind, const std::string& location) {
  SqliteStatement s = db.prepare(std::string(kStockColumns) + " WHERE kind = ?1 AND location = ?2 ORDER BY sku");
  s.bind(1, location_kind_name(kind)).bind(2, location);
  return read_rows(s);
}

// The same conditional UPDATE as on PostgreSQL: the check and the move are
// one statement (here the write lock makes it exact anyway).
std::optional<size_t> take_stock_rows(SqliteConnection& db, const std::vector<StockDemand>& demand, StockMove move) {
  const std::string sql = "UPDATE stock SET " + stock_move_assignments(move, "?1") +
                          " WHERE kind = ?2 AND location = ?3 AND sku = ?4 AND available - ?1 >= ?5";
  for (size_t i = 0; i < demand.size(); ++i) {
    const StockDemand& d = demand[i];
    db.prepare(sql)
        .bind(1, d.quantity)
        .bind(2, location_kind_name(d.key.kind))
        .bind(3, d.key.location)
        .bind(4, d.key.sku)
        .bind(5, d.keep_back)
        .run();
    if (db.changes() != 1) return i;
  }
  return std::nullopt;
}

void move_stock_row(SqliteConnection& db, const StockKey& key, StockMove move, int64_t quantity) {
  db.prepare("UPDATE stock SET " + stock_move_assignments(move, "?1") + " WHERE kind = ?2 AND location = ?3 AND sku = ?4")
      .bind(1, quantity)
      .bind(2, location_kind_name(key.kind))
      .bind(3, key.location)
      .bind(4, key.sku)
      .run();
  if (db.changes() != 1) throw std::runtime_error("stock row missing for " + key.location + "/" + key.sku);
}

std::map<StockKey, int64_t> available_units(SqliteConnection& db, const std::vector<StockKey>& keys) {
  std::map<StockKey, int64_t> available;
  for (const StockRow& r : stock_rows_of(db, keys)) available[r.key] = r.available;
  return available;
}

}  // namespace server
