#include "sqlite_audit.h"

#include "shared_sql.h"

namespace server {

AuditReport audit_stock(SqliteConnection& db) {
  AuditReport report;
  {
    SqliteStatement s = db.prepare("SELECT count(*) FROM stock");
    s.step();
    report.rows = s.int64(0);
  }
  SqliteStatement s = db.prepare(kAuditQuery);
  while (s.step()) {
    report.violations.push_back(audit_violation(s.text(0), s.text(1), s.text(2), s.int64(3), s.int64(4), s.int64(5),
                                                s.int64(6), s.int64(7), s.int64(8)));
  }
  return report;
}

}  // namespace server
