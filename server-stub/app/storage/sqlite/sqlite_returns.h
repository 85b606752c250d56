// The returns tables and statements for SQLite (returns_storage.h). The
// storage calls these inside its own transactions on its writer/reader
// connections; nothing here opens or commits a transaction.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "sqlite_db.h"
#include "storage.h"

namespace server {

// Creates the returns tables when missing (their own schema step, so they
// need no number in the storage's migration list).
void ensure_returns_schema(SqliteConnection& db);

// Inside a write transaction: every check, then every write (record_return).
ReturnResult write_return(SqliteConnection& db, const NewReturn& r);

// Inside a read transaction: the return recorded under an Idempotency-Key.
std::optional<IdempotencyRecord> read_return_key(SqliteConnection& db, const std::string& key);

// Inside a read transaction: the order's returns, oldest first.
std::vector<ReturnRecord> read_returns(SqliteConnection& db, const std::string& order_public_id);

}  // namespace server
