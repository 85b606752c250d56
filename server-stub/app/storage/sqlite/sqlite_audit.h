// The stock audit on SQLite (Storage::audit), inside a read transaction.
#pragma once
#include "sqlite_db.h"
#include "storage.h"

namespace server {

AuditReport audit_stock(SqliteConnection& db);

}  // namespace server
