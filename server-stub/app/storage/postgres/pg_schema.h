// The PostgreSQL schema: numbered migrations applied under an advisory lock.
#pragma once
#include "pg_db.h"

namespace server {

// In one transaction holding pg_advisory_xact_lock(kMigrationLock): the
// first of several instances starting together migrates, the others wait and
// then find the schema current. Throws when the database's schema is newer.
void migrate(PgConnection& db);

}  // namespace server
