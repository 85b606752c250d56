// The rules of the storage contract that are not SQL, written once for both
// backends: what placing an order, recording a sale and changing an order's
// status check, in which order, and which outcome each failure gives.
//
// A backend opens its transaction and hands it to these functions as a
// LedgerTransaction: a set of small steps, each ONE statement (or a few on
// the same rows) that checks and writes together, never read-then-write.
// The functions return whether the caller commits; on a refusal the caller
// rolls back, so a step may leave partial changes behind on failure.
//
// Placing an order:
//   1. idempotency key (waits for a concurrent request with the same key):
//      live record with the same body -> Replayed, another body -> KeyReused;
//   2. promotion limits, promotions in id order, total before per customer;
//      an anonymous customer never uses a per-customer-limited promotion
//      -> UsageLimitReached (every exhausted promotion named);
//   3. stock, lines summed per (kind, location, SKU), rows in key order, each
//      `available - n >= keep_back` -> InsufficientStock (per line, as if
//      earlier lines of the row took first);
//   4. purchase limits, counters in (sku, subject, window) order
//      -> PurchaseLimitReached (the first refused counter);
//   5. the order with a free short number, its usage rows, the key.
#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage.h"

namespace server {

// How a row's columns move (the CHECK constraints refuse anything that would
// break on_hand = available + reserved + committed or go negative).
enum class StockMove {
  Reserve,            // order placed: available -> reserved
  Sell,               // counter sale: available -> gone (on_hand down)
  Commit,             // ready for pickup: reserved -> committed
  HandOver,           // picked up: committed -> gone (on_hand down)
  ReleaseReserved,    // cancelled while reserved: reserved -> available
  ReleaseCommitted,   // cancelled while committed: committed -> available
};

// One row's share of an order: its lines summed.
struct StockDemand {
  StockKey key;
  int64_t quantity = 0;
  int64_t keep_back = 0;  // units that must stay available after the move
};

// Lines summed per row, in key order: the order in which rows are locked, so
// two orders never wait for each other's rows (no deadlock).
std::vector<StockDemand> stock_demand(const std::vector<StockLine>& lines);

// The shortage report: lines of one row share what is there (less its
// keep_back), earlier lines first. `available` maps each row to its units (a
// missing row has none).
std::vector<Shortage> find_shortages(const std::vector<StockLine>& lines, const std::map<StockKey, int64_t>& available);

// The movement of one order line from `from` to `to`, if its stock moves
// (warehouse lines stay reserved through the store steps).
std::optional<StockMove> transition_move(OrderStatus from, OrderStatus to, LocationKind kind);

// Whose uses a promotion counter counts.
struct PromotionCounter {
  std::string promotion_id;
  std::string customer;  // "" = every customer's uses (the total); else the email key
  std::optional<int64_t> limit;
};

// An order's Idempotency-Key record is stored without the quote the body
// repeats (the order row holds it; ~8-10 KB an order): the body with the
// quote cut out and where it was.
struct StoredResponse {
  std::string body;               // without the quote when quote_at is set
  std::optional<int64_t> quote_at;  // byte offset of the cut
};
StoredResponse without_quote(const std::string& body, const std::string& quote);
std::string with_quote(const StoredResponse& stored, const std::string& quote);

class LedgerTransaction {
 public:
  virtual ~LedgerTransaction() = default;

  // Makes a concurrent request with the same (scope, key) wait for this
  // transaction, deletes the key's record if it expired before
  // `expired_before`, and returns the live one (its body with the quote).
  virtual std::optional<IdempotencyRecord> lock_key(const std::string& scope, const std::string& key,
                                                    int64_t expired_before) = 0;
  // Adds one use to the counter when it stays within its limit (no limit:
  // always). False when the limit is used up.
  virtual bool count_promotion_use(const PromotionCounter& counter) = 0;
  virtual void record_promotion_use(const std::string& promotion_id, const std::string& source,
                                    const std::string& email_key) = 0;
  // Gives back the uses recorded for `source` (a cancelled order).
  virtual void release_promotion_uses(const std::string& source) = 0;
  // Moves each demand by `move` while `available - quantity >= keep_back`,
  // in the given order. Returns the index of the first demand refused (the
  // earlier ones were moved), or nothing when all moved.
  virtual std::optional<size_t> take_stock(const std::vector<StockDemand>& demand, StockMove move) = 0;
  // Moves `quantity` of one row unconditionally (the constraints still hold).
  virtual void move_stock(const StockKey& key, StockMove move, int64_t quantity) = 0;
  virtual std::map<StockKey, int64_t> available(const std::vector<StockKey>& keys) = 0;
  // Adds the cap's units while its counter stays within the limit; on a
  // refusal returns the units counted so far.
  virtual std::optional<int64_t> count_purchase(const PurchaseCap& cap) = 0;
  virtual bool number_taken(const std::string& number) = 0;
  // The order, its lines and its first history entry.
  virtual void insert_order(const NewOrder& order, const std::string& number) = 0;
  virtual void save_key(const NewOrder& order, const StoredResponse& response) = 0;
  virtual void insert_sale(const NewSale& sale) = 0;
  // The order of `store_id` by id, locked against concurrent changes.
  virtual std::optional<OrderRecord> lock_store_order(const std::string& store_id, const std::string& public_id) = 0;
  virtual void set_status(const std::string& public_id, OrderStatus to, int64_t at) = 0;
};

// Each returns true when the caller should commit.
bool place_order(LedgerTransaction& tx, const NewOrder& order, PlaceOrderResult& result);
bool record_sale(LedgerTransaction& tx, const NewSale& sale, SaleResult& result);
bool transition_order(LedgerTransaction& tx, const std::string& store_id, const std::string& public_id, OrderStatus to,
                      int64_t now, TransitionResult& result);

// The read-only pre-check of promotion limits (quotes): the same rule as
// step 2, on counts a backend reads. `used(counter)` is the counter's uses.
template <typename UsedFn>
std::vector<std::string> exhausted_promotions(const std::vector<PromotionLimit>& limits, const std::string& email_key,
                                              UsedFn used);

// The per-customer counter of a promotion for `email_key`; an anonymous
// customer has none and so never uses a per-customer-limited promotion.
std::vector<PromotionCounter> promotion_counters(const std::string& promotion_id, std::optional<int64_t> usage_limit,
                                                 std::optional<int64_t> per_customer, const std::string& email_key,
                                                 bool& anonymous_refused);

template <typename UsedFn>
std::vector<std::string> exhausted_promotions(const std::vector<PromotionLimit>& limits, const std::string& email_key,
                                              UsedFn used) {
  std::vector<std::string> exhausted;
  for (const PromotionLimit& l : limits) {
    bool refused = false;
    for (const PromotionCounter& c :
         promotion_counters(l.promotion_id, l.usage_limit, l.usage_limit_per_customer, email_key, refused)) {
      if (c.limit && used(c) >= *c.limit) refused = true;
    }
    if (refused) exhausted.push_back(l.promotion_id);
  }
  std::sort(exhausted.begin(), exhausted.end());
  exhausted.erase(std::unique(exhausted.begin(), exhausted.end()), exhausted.end());
  return exhausted;
}

}  // namespace server
