// The server's durable state behind one narrow interface: stock per location
// and SKU, orders, in-store sales, promotion usage and idempotency records.
// Only the implementation knows SQL (sqlite_storage.cpp today; a PostgreSQL
// backend for several server processes behind a load balancer can follow).
//
// Every mutating call is ONE transaction that checks and changes together,
// so the callers never hold a lock across a check and its write:
//   on_hand = available + reserved + committed, available >= 0, always.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "order_status.h"
#include "returns_storage.h"

namespace server {

enum class LocationKind { Store, Warehouse };
const char* location_kind_name(LocationKind kind);  // "store" | "warehouse"

struct StockKey {
  LocationKind kind = LocationKind::Store;
  std::string location;  // store id or warehouse id
  std::string sku;
  friend bool operator<(const StockKey& a, const StockKey& b);
  friend bool operator==(const StockKey& a, const StockKey& b);
};

struct StockRow {
  StockKey key;
  int64_t on_hand = 0, available = 0, reserved = 0, committed = 0;
};

// One line taken from a location. `keep_back` units must stay available
// after it (a store's safety stock for online pickup orders; 0 for shipped
// lines and for sales at the counter, where the item is in the customer's hand).
struct StockLine {
  int32_t line = 0;  // cart line index
  std::string sku;
  int64_t quantity = 0;
  LocationKind kind = LocationKind::Store;
  std::string location;
  int64_t keep_back = 0;
};

struct Shortage {
  int32_t line = 0;
  std::string sku;
  LocationKind kind = LocationKind::Store;
  std::string location;
  int64_t requested = 0;
  int64_t available = 0;  // what this line could still get, after keep_back and earlier lines of the same SKU
};

// A promotion an order uses, with the limits to re-check inside the transaction.
struct PromotionUse {
  std::string promotion_id;
  std::optional<int64_t> usage_limit;
  std::optional<int64_t> usage_limit_per_customer;
};

struct PromotionLimit {
  std::string promotion_id;
  std::optional<int64_t> usage_limit;
  std::optional<int64_t> usage_limit_per_customer;
};

// One purchase-limit counter an order or sale adds to: `units` more of `sku`
// for `subject` ("customer:<email key>" or "client:<address>") in the window
// starting at `window_start`, allowed while the total stays <= `limit`.
struct PurchaseCap {
  std::string sku;
  std::string subject;
  int64_t window_start = 0;
  int64_t limit = 0;
  int64_t units = 0;
};

// The first cap that would have been exceeded.
struct PurchaseRefusal {
  PurchaseCap cap;
  int64_t remaining = 0;  // units still allowed in this window
};

struct Customer {
  std::string name, email, phone;
  std::string email_key;  // lower-cased, trimmed email: the per-customer usage key ("" = anonymous)
};

struct NewOrder {
  std::string public_id;        // chosen by the caller (unguessable)
  std::string idempotency_key;
  std::string idempotency_scope;  // whose key it is (the customer's email key): keys of different scopes never meet
  std::string request_sha256;   // of the request body, to tell a retry from a reused key
  std::string pickup_store;     // "" when no line is picked up
  std::string channel;
  Customer customer;
  std::string shipping_address_json;  // "" when nothing ships
  std::string quote_json;
  int64_t grand_total = 0;
  std::string currency;
  std::vector<StockLine> lines;
  std::vector<PromotionUse> promotions;
  std::vector<PurchaseCap> caps;  // purchase limits, counted in the same transaction as the stock
  std::string response_body;    // the 201 body, replayed for the same key and body
  int64_t created_at = 0;       // unix seconds
  // The short number people read out ("7KQ-M4T"): candidates drawn in turn
  // until one no order of this merchant has. With it, the 201 body is
  // response_for(number) instead of response_body.
  std::function<std::string()> next_number;
  std::function<std::string(const std::string& number)> response_for;
};

struct PlaceOrderResult {
  enum class Outcome { Placed, Replayed, KeyReused, InsufficientStock, UsageLimitReached, PurchaseLimitReached };
  Outcome outcome = Outcome::Placed;
  std::string replay_body;                     // Replayed
  std::string replay_order_id;                 // Replayed
  std::vector<Shortage> shortages;             // InsufficientStock
  std::vector<std::string> exhausted;          // UsageLimitReached
  std::optional<PurchaseRefusal> refused;      // PurchaseLimitReached
  std::vector<StockKey> touched;               // Placed
  std::string number;                          // Placed, when the order has one
  std::string response_body;                   // Placed: the 201 body as stored
};

struct IdempotencyRecord {
  std::string request_sha256;
  std::string order_id;
  std::string response_body;
};

struct OrderLineRecord {
  int32_t line = 0;
  std::string sku;
  int64_t quantity = 0;
  LocationKind kind = LocationKind::Store;
  std::string location;
};

struct StatusChange {
  OrderStatus status = OrderStatus::Placed;
  int64_t at = 0;
};

struct OrderRecord {
  std::string public_id;
  std::string number;  // "" for orders placed before numbers existed
  OrderStatus status = OrderStatus::Placed;
  std::string pickup_store;
  std::string channel;
  Customer customer;
  std::string shipping_address_json;
  std::string quote_json;
  int64_t grand_total = 0;
  std::string currency;
  int64_t created_at = 0, updated_at = 0;
  std::vector<OrderLineRecord> lines;
  std::vector<StatusChange> history;  // oldest first, starting with placed
  // Staff extended the pickup hold to this instant; nullopt = the store's hold
  // counts from when the order became ready (pickup_holds.h decides).
  std::optional<int64_t> hold_until;
};

struct TransitionResult {
  enum class Outcome { Done, NotFound, Illegal };
  Outcome outcome = Outcome::Done;
  OrderStatus from = OrderStatus::Placed;
  std::vector<StockKey> touched;
  std::optional<OrderRecord> order;  // after the change (Done) or as found (Illegal)
};

struct NewSale {
  std::string public_id;
  std::string store_id;
  Customer customer;
  std::string quote_json;
  int64_t grand_total = 0;
  std::string currency;
  std::vector<StockLine> lines;  // all at store_id, keep_back 0
  std::vector<PromotionUse> promotions;
  std::vector<PurchaseCap> caps;
  int64_t created_at = 0;
};

struct SaleResult {
  enum class Outcome { Recorded, InsufficientStock, UsageLimitReached, PurchaseLimitReached };
  Outcome outcome = Outcome::Recorded;
  std::vector<Shortage> shortages;
  std::vector<std::string> exhausted;
  std::optional<PurchaseRefusal> refused;
  std::vector<StockKey> touched;
};

// Cross-check of stock against the orders that explain it.
struct AuditReport {
  int64_t rows = 0;
  std::vector<std::string> violations;  // human-readable, empty when consistent
};

class Storage {
 public:
  virtual ~Storage() = default;

  // Inserts rows that do not exist yet (available = on_hand); existing rows
  // are left alone, so a restart never resets live stock. Returns rows added.
  virtual int64_t seed_stock(const std::vector<StockRow>& initial) = 0;
  virtual std::vector<StockRow> all_stock() = 0;
  virtual std::vector<StockRow> read_stock(const std::vector<StockKey>& keys) = 0;  // missing keys omitted
  virtual std::vector<StockRow> location_stock(LocationKind kind, const std::string& location) = 0;

  // Promotions (of `limits`) whose usage_limit, or whose per-customer limit
  // for `email_key`, is used up. Sorted by id.
  virtual std::vector<std::string> exhausted_promotions(const std::vector<PromotionLimit>& limits,
                                                        const std::string& email_key) = 0;

  // The record of `key` as sent by `scope` (NewOrder::idempotency_scope).
  virtual std::optional<IdempotencyRecord> find_idempotency(const std::string& scope, const std::string& key) = 0;

  // One transaction: idempotency key (replay / reuse), usage limits, stock
  // (available - keep_back >= quantity per location and SKU), purchase
  // limits (each counter row raised by a conditional UPDATE), reserve, write
  // the order, its usage and the key.
  virtual PlaceOrderResult place_order(const NewOrder& order) = 0;

  // One transaction: status change with its stock movement. Only orders whose
  // pickup store is `store_id` are found.
  virtual TransitionResult transition_order(const std::string& store_id, const std::string& public_id, OrderStatus to,
                                            int64_t now) = 0;

  // One transaction: usage limits, stock, purchase limits, available -= q and on_hand -= q.
  virtual SaleResult record_sale(const NewSale& sale) = 0;

  // By its id, or by its short number.
  virtual std::optional<OrderRecord> get_order(const std::string& public_id_or_number) = 0;
  // Pickup orders of a store, newest first; statuses empty = all.
  virtual std::vector<OrderRecord> store_orders(const std::string& store_id, const std::vector<OrderStatus>& statuses,
                                                int32_t limit) = 0;

  virtual AuditReport audit() = 0;

  // Pickup holds (pickup_holds.h holds the rule; these only change state).
  // One transaction: a ready_for_pickup order of `store_id` whose hold_until
  // is still `seen_hold_until` (what the caller judged due) becomes lapsed and
  // its store lines go committed -> available. Anything else found is
  // Illegal with nothing changed, so a lapse and a concurrent collect,
  // cancel or extension never both happen, and a second lapse is a no-op.
  virtual TransitionResult lapse_order(const std::string& store_id, const std::string& public_id,
                                       std::optional<int64_t> seen_hold_until, int64_t now) = 0;
  // One transaction: sets hold_until of a ready_for_pickup order of
  // `store_id` while its hold_until is still `seen_hold_until`; Illegal otherwise.
  virtual TransitionResult extend_hold(const std::string& store_id, const std::string& public_id,
                                       std::optional<int64_t> seen_hold_until, int64_t hold_until) = 0;

  // One transaction: idempotency key, the order's returns unchanged since
  // the refund was computed, no unit returned twice, the return and its
  // lines, and the sellable units back in stock.
  virtual ReturnResult record_return(const NewReturn& r) = 0;
  // The return recorded under an Idempotency-Key (order_id: the return's id).
  virtual std::optional<IdempotencyRecord> find_return_key(const std::string& key) = 0;
  virtual std::vector<ReturnRecord> order_returns(const std::string& order_public_id) = 0;
};

struct SqliteOptions {
  std::string path;           // file; created and migrated when missing
  bool durable_sync = false;  // synchronous=FULL (power loss) instead of NORMAL (process crash)
  int32_t busy_timeout_ms = 5'000;
  int32_t readers = 4;        // read connections (WAL lets them run beside the writer)
};

// Throws std::runtime_error when the database cannot be opened or migrated.
std::unique_ptr<Storage> open_sqlite_storage(const SqliteOptions& options);

}  // namespace server
