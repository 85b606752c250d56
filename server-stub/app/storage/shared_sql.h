// SQL both backends speak, kept once because it states a rule, not a dialect.
//
// The stock audit (Storage::audit): what the orders say each row must hold.
// Store lines are reserved while placed and committed while ready; warehouse
// lines stay reserved until shipped (shipping is outside this server), so for
// every order that is not cancelled.
#pragma once
#include <cstdint>
#include <string>

#include "order_rules.h"

namespace server {

// Columns: kind, location, sku, on_hand, available, reserved, committed,
// expected reserved, expected committed; one row per inconsistent stock row.
constexpr const char* kAuditQuery = R"sql(
WITH expected AS (
  SELECT l.kind, l.location, l.sku,
         sum(CASE WHEN (l.kind = 'store' AND o.status = 'placed')
                    OR (l.kind = 'warehouse' AND o.status <> 'cancelled') THEN l.quantity ELSE 0 END) AS reserved,
         sum(CASE WHEN l.kind = 'store' AND o.status = 'ready_for_pickup' THEN l.quantity ELSE 0 END) AS committed
  FROM order_lines l JOIN orders o ON o.id = l.order_id
  GROUP BY l.kind, l.location, l.sku
)
SELECT s.kind, s.location, s.sku, s.on_hand, s.available, s.reserved, s.committed,
       coalesce(e.reserved, 0), coalesce(e.committed, 0)
FROM stock s LEFT JOIN expected e ON e.kind = s.kind AND e.location = s.location AND e.sku = s.sku
WHERE s.on_hand <> s.available + s.reserved + s.committed OR s.available < 0
   OR s.reserved <> coalesce(e.reserved, 0) OR s.committed <> coalesce(e.committed, 0)
UNION ALL
SELECT e.kind, e.location, e.sku, 0, 0, 0, 0, e.reserved, e.committed
FROM expected e LEFT JOIN stock s ON e.kind = s.kind AND e.location = s.location AND e.sku = s.sku
WHERE s.sku IS NULL
)sql";

inline std::string audit_violation(const std::string& kind, const std::string& location, const std::string& sku,
                                   int64_t on_hand, int64_t available, int64_t reserved, int64_t committed,
                                   int64_t expected_reserved, int64_t expected_committed) {
  return kind + " " + location + " " + sku + ": on_hand " + std::to_string(on_hand) + ", available " +
         std::to_string(available) + ", reserved " + std::to_string(reserved) + " (orders say " +
         std::to_string(expected_reserved) + "), committed " + std::to_string(committed) + " (orders say " +
         std::to_string(expected_committed) + ")";
}

// The column changes of a move; `q` is the quantity's placeholder ("?1", "$1").
inline std::string stock_move_assignments(StockMove move, const std::string& q) {
  switch (move) {
    case StockMove::Reserve: return "available = available - " + q + ", reserved = reserved + " + q;
    case StockMove::Sell: return "available = available - " + q + ", on_hand = on_hand - " + q;
    case StockMove::Commit: return "reserved = reserved - " + q + ", committed = committed + " + q;
    case StockMove::HandOver: return "committed = committed - " + q + ", on_hand = on_hand - " + q;
    case StockMove::ReleaseReserved: return "reserved = reserved - " + q + ", available = available + " + q;
    case StockMove::ReleaseCommitted: return "committed = committed - " + q + ", available = available + " + q;
  }
  return {};
}

}  // namespace server
