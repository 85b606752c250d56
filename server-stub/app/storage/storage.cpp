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

bool is_postgres_url(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

std::string sqlite_path(const std::string& db) { return db.rfind("sqlite:", 0) == 0 ? db.substr(7) : db; }

}  // namespace server
