// The stock ledger on SQLite: rows per (kind, location, SKU) and the moves
// between their columns. Called inside the storage's transactions.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "order_rules.h"
#include "sqlite_db.h"
#include "storage.h"

namespace server {

int64_t seed_stock_rows(SqliteConnection& db, const std::vector<StockRow>& initial);
std::vector<StockRow> all_stock_rows(SqliteConnection& db);
std::vector<StockRow> stock_rows_of(SqliteConnection& db, const std::vector<StockKey>& keys);
std::vector<StockRow> location_stock_rows(SqliteConnection& db, LocationKind kind, const std::string& location);

// LedgerTransaction::take_stock / move_stock / available.
std::optional<size_t> take_stock_rows(SqliteConnection& db, const std::vector<StockDemand>& demand, StockMove move);
void move_stock_row(SqliteConnection& db, const StockKey& key, StockMove move, int64_t quantity);
std::map<StockKey, int64_t> available_units(SqliteConnection& db, const std::vector<StockKey>& keys);

LocationKind parse_location_kind(const std::string& s);

}  // namespace server
