#include "sqlite_promotions.h"

namespace server {

int64_t promotion_uses(SqliteConnection& db, const PromotionCounter& counter) {
  if (counter.customer.empty()) {
    SqliteStatement s = db.prepare("SELECT count(*) FROM promotion_usage WHERE promotion_id = ?1");
    s.bind(1, counter.promotion_id);
    s.step();
    return s.int64(0);
  }
  SqliteStatement s =
      db.prepare("SELECT count(*) FROM promotion_usage WHERE promotion_id = ?1 AND customer_email_key = ?2");
  s.bind(1, counter.promotion_id).bind(2, counter.customer);
  s.step();
  return s.int64(0);
}

// The use itself is recorded by record_promotion_use, in the same write
// transaction: nothing can come between the count and the row.
bool count_promotion_use(SqliteConnection& db, const PromotionCounter& counter) {
  return !counter.limit || promotion_uses(db, counter) < *counter.limit;
}

void record_promotion_use(SqliteConnection& db, const std::string& promotion_id, const std::string& source,
                          const std::string& email_key) {
  db.prepare("INSERT INTO promotion_usage (promotion_id, source, customer_email_key) VALUES (?1, ?2, ?3)")
      .bind(1, promotion_id)
      .bind(2, source)
      .bind(3, email_key)
      .run();
}

void release_promotion_uses(SqliteConnection& db, const std::string& source) {
  db.prepare("DELETE FROM promotion_usage WHERE source = ?1").bind(1, source).run();
}

// The UPDATE raises the row only while it stays within the limit (no
// read-then-write), so of two orders for the last allowed unit one gets it.
std::optional<int64_t> count_purchase(SqliteConnection& db, const PurchaseCap& cap) {
  db.prepare("INSERT INTO purchase_counts (sku, subject, window_start, units) VALUES (?1, ?2, ?3, 0) "
             "ON CONFLICT DO NOTHING")
      .bind(1, cap.sku)
      .bind(2, cap.subject)
      .bind(3, cap.window_start)
      .run();
  db.prepare("UPDATE purchase_counts SET units = units + ?4 "
             "WHERE sku = ?1 AND subject = ?2 AND window_start = ?3 AND units + ?4 <= ?5")
      .bind(1, cap.sku)
      .bind(2, cap.subject)
      .bind(3, cap.window_start)
      .bind(4, cap.units)
      .bind(5, cap.limit)
      .run();
  if (db.changes() == 1) return std::nullopt;
  SqliteStatement used =
      db.prepare("SELECT units FROM purchase_counts WHERE sku = ?1 AND subject = ?2 AND window_start = ?3");
  used.bind(1, cap.sku).bind(2, cap.subject).bind(3, cap.window_start);
  return used.step() ? used.int64(0) : 0;
}

}  // namespace server
