// Orders, sales and order Idempotency-Keys on SQLite: their rows and the
// statements that write and read them, inside the storage's transactions.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "order_rules.h"
#include "sqlite_db.h"
#include "storage.h"

namespace server {

std::optional<OrderRecord> load_order(SqliteConnection& db, const std::string& public_id_or_number);
std::optional<OrderRecord> load_store_order(SqliteConnection& db, const std::string& store_id,
                                            const std::string& public_id);
std::vector<OrderRecord> load_store_orders(SqliteConnection& db, const std::string& store_id,
                                           const std::vector<OrderStatus>& statuses, int32_t limit);
void insert_order(SqliteConnection& db, const NewOrder& order, const std::string& number);
void set_order_status(SqliteConnection& db, const std::string& public_id, OrderStatus to, int64_t at);
bool order_number_taken(SqliteConnection& db, const std::string& number);
void insert_sale(SqliteConnection& db, const NewSale& sale);

// The live record of a key (created at or after `live_since`), body with its quote.
std::optional<IdempotencyRecord> find_order_key(SqliteConnection& db, const std::string& scope, const std::string& key,
                                                int64_t live_since);
void delete_expired_key(SqliteConnection& db, const std::string& scope, const std::string& key, int64_t live_since);
// Saves the key and deletes a few expired ones, oldest first.
void save_order_key(SqliteConnection& db, const NewOrder& order, const StoredResponse& response);

}  // namespace server
