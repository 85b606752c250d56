// Promotion usage and purchase limits on SQLite. Usage is one row per
// (promotion, order or sale); a limit is checked by counting them, which is
// exact here because SQLite has one writer at a time (PostgreSQL keeps
// counter rows instead). Purchase limits are counter rows on both.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "order_rules.h"
#include "sqlite_db.h"

namespace server {

int64_t promotion_uses(SqliteConnection& db, const PromotionCounter& counter);
bool count_promotion_use(SqliteConnection& db, const PromotionCounter& counter);
void record_promotion_use(SqliteConnection& db, const std::string& promotion_id, const std::string& source,
                          const std::string& email_key);
void release_promotion_uses(SqliteConnection& db, const std::string& source);

// LedgerTransaction::count_purchase.
std::optional<int64_t> count_purchase(SqliteConnection& db, const PurchaseCap& cap);

}  // namespace server
