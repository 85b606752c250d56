// The SQLite schema and connection settings (sqlite_schema.cpp).
#pragma once
#include "sqlite_db.h"
#include "storage.h"

namespace server {

// Brings the schema to this server's version in one write transaction;
// throws when the file's schema is newer than this server.
void migrate(SqliteConnection& db);

// busy_timeout, foreign keys, synchronous: for every connection.
void configure(SqliteConnection& db, const SqliteOptions& options);

}  // namespace server
