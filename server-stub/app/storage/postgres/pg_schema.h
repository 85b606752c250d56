// The PostgreSQL schema: numbered migrations applied under an advisory lock.
#pragma once
#include "pg_db.h"

namespace server {

// In one transaction holding pg_advisory_xact_lock(kMigrationLock): the
// first of several instances starting together migrates, the others wait and
// then find the schema current. Throws when the database's schema is newer.
void migrate(PgConnection& db);
// The staff tables' own numbered list (versioned apart, so they can live in
// a database of their own), under the same lock.
void migrate_staff(PgConnection& db);

}  // namespace server
