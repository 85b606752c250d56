#include "order_rules.h"

#include <algorithm>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace server {

std::vector<StockDemand> stock_demand(const std::vector<StockLine>& lines) {
  std::map<StockKey, StockDemand> by_key;  // ordered: the lock order
  for (const StockLine& line : lines) {
    const StockKey key{line.kind, line.location, line.sku};
    StockDemand& d = by_key.try_emplace(key, StockDemand{key, 0, 0}).first->second;
    d.quantity += line.quantity;  // quantities are validated and bounded long before storage
    d.keep_back = std::max(d.keep_back, line.keep_back);
  }
  std::vector<StockDemand> demand;
  demand.reserve(by_key.size());
  for (auto& [key, d] : by_key) demand.push_back(std::move(d));
  return demand;
}

std::vector<Shortage> find_shortages(const std::vector<StockLine>& lines, const std::map<StockKey, int64_t>& available) {
  std::map<StockKey, int64_t> remaining;
  std::vector<Shortage> shortages;
  for (const StockLine& line : lines) {
    const StockKey key{line.kind, line.location, line.sku};
    auto it = remaining.find(key);
    if (it == remaining.end()) {
      auto there = available.find(key);
      const int64_t units = there == available.end() ? 0 : there->second;  // no row: never had this SKU
      it = remaining.emplace(key, std::max<int64_t>(0, units - line.keep_back)).first;
    }
    const int64_t granted = std::min(line.quantity, it->second);
    it->second -= granted;
    if (granted < line.quantity) {
      shortages.push_back(Shortage{line.line, line.sku, line.kind, line.location, line.quantity, granted});
    }
  }
  return shortages;
}

std::optional<StockMove> transition_move(OrderStatus from, OrderStatus to, LocationKind kind) {
  const bool store = kind == LocationKind::Store;
  if (to == OrderStatus::ReadyForPickup) return store ? std::optional(StockMove::Commit) : std::nullopt;
  if (to == OrderStatus::PickedUp) return store ? std::optional(StockMove::HandOver) : std::nullopt;
  if (to == OrderStatus::Cancelled) {
    return store && from == OrderStatus::ReadyForPickup ? StockMove::ReleaseCommitted : StockMove::ReleaseReserved;
  }
  return std::nullopt;
}

StoredResponse without_quote(const std::string& body, const std::string& quote) {
  // The quote is the body's last member (order_created); search from the end.
  const size_t at = quote.empty() ? std::string::npos : body.rfind(quote);
  if (at == std::string::npos) return StoredResponse{body, std::nullopt};
  return StoredResponse{body.substr(0, at) + body.substr(at + quote.size()), static_cast<int64_t>(at)};
}

std::string with_quote(const StoredResponse& stored, const std::string& quote) {
  if (!stored.quote_at) return stored.body;
  const size_t at = std::min(static_cast<size_t>(*stored.quote_at), stored.body.size());
  return stored.body.substr(0, at) + quote + stored.body.substr(at);
}

std::vector<PromotionCounter> promotion_counters(const std::string& promotion_id, std::optional<int64_t> usage_limit,
                                                 std::optional<int64_t> per_customer, const std::string& email_key,
                                                 bool& anonymous_refused) {
  // Only limited promotions are counted: an unlimited one would make every
  // order using it wait on one hot counter row.
  std::vector<PromotionCounter> counters;
  if (usage_limit) counters.push_back(PromotionCounter{promotion_id, "", usage_limit});
  if (per_customer) {
    if (email_key.empty()) {
      anonymous_refused = true;  // there is no one to count it against
    } else {
      counters.push_back(PromotionCounter{promotion_id, email_key, per_customer});
    }
  }
  return counters;
}

namespace {

// Step 2 (see order_rules.h): promotions in id order, each counter raised
// only within its limit. Returns the exhausted promotions, sorted.
std::vector<std::string> use_promotions(LedgerTransaction& tx, std::vector<PromotionUse> uses,
                                        const std::string& email_key) {
  std::sort(uses.begin(), uses.end(),
            [](const PromotionUse& a, const PromotionUse& b) { return a.promotion_id < b.promotion_id; });
  std::vector<std::string> exhausted;
  for (const PromotionUse& use : uses) {
    bool refused = false;
    for (const PromotionCounter& c :
         promotion_counters(use.promotion_id, use.usage_limit, use.usage_limit_per_customer, email_key, refused)) {
      if (!refused && !tx.count_promotion_use(c)) refused = true;
    }
    if (refused) exhausted.push_back(use.promotion_id);
  }
  return exhausted;
}

// Step 3: true when every row moved; else the shortages per line.
std::vector<Shortage> take_stock(LedgerTransaction& tx, const std::vector<StockLine>& lines, StockMove move) {
  const std::vector<StockDemand> demand = stock_demand(lines);
  const std::optional<size_t> refused = tx.take_stock(demand, move);
  if (!refused) return {};
  // Report what was there before this transaction moved anything.
  std::vector<StockKey> keys;
  for (const StockDemand& d : demand) keys.push_back(d.key);
  std::map<StockKey, int64_t> available = tx.available(keys);
  for (size_t i = 0; i < *refused; ++i) available[demand[i].key] += demand[i].quantity;
  std::vector<Shortage> shortages = find_shortages(lines, available);
  if (shortages.empty()) {
    // Taken concurrently between the refused UPDATE and the read: report the
    // refused row's lines as short by what they asked for beyond its keep-back.
    const StockDemand& d = demand[*refused];
    for (const StockLine& line : lines) {
      if (StockKey{line.kind, line.location, line.sku} == d.key) {
        shortages.push_back(Shortage{line.line, line.sku, line.kind, line.location, line.quantity, 0});
      }
    }
  }
  return shortages;
}

// Step 4: counters in (sku, subject, window) order.
std::optional<PurchaseRefusal> count_purchases(LedgerTransaction& tx, std::vector<PurchaseCap> caps) {
  std::sort(caps.begin(), caps.end(), [](const PurchaseCap& a, const PurchaseCap& b) {
    return std::tie(a.sku, a.subject, a.window_start) < std::tie(b.sku, b.subject, b.window_start);
  });
  for (const PurchaseCap& cap : caps) {
    if (std::optional<int64_t> so_far = tx.count_purchase(cap)) {
      return PurchaseRefusal{cap, std::max<int64_t>(0, cap.limit - *so_far)};
    }
  }
  return std::nullopt;
}

void add_touched(std::vector<StockKey>& touched, const StockKey& key) {
  if (std::find(touched.begin(), touched.end(), key) == touched.end()) touched.push_back(key);
}

// A free short number: candidates drawn until one is not taken. Two
// instances drawing the same one at once: the unique index refuses the
// second, whose transaction is retried (a new draw).
std::string free_order_number(LedgerTransaction& tx, const std::function<std::string()>& next_number) {
  constexpr int kAttempts = 16;  // a collision is about 1 in 10^5 at 10,000 orders
  for (int i = 0; i < kAttempts; ++i) {
    std::string candidate = next_number();
    if (!tx.number_taken(candidate)) return candidate;
  }
  throw std::runtime_error("no free order number after 16 draws");
}

}  // namespace

bool place_order(LedgerTransaction& tx, const NewOrder& order, PlaceOrderResult& result) {
  if (std::optional<IdempotencyRecord> existing = tx.lock_key(order.idempotency_scope, order.idempotency_key,
                                                              order.created_at - kIdempotencyKeyLifetime)) {
    if (existing->request_sha256 != order.request_sha256) {
      result.outcome = PlaceOrderResult::Outcome::KeyReused;
    } else {
      result.outcome = PlaceOrderResult::Outcome::Replayed;
      result.replay_body = std::move(existing->response_body);
      result.replay_order_id = std::move(existing->order_id);
    }
    return false;
  }
  result.exhausted = use_promotions(tx, order.promotions, order.customer.email_key);
  if (!result.exhausted.empty()) {
    result.outcome = PlaceOrderResult::Outcome::UsageLimitReached;
    return false;
  }
  result.shortages = take_stock(tx, order.lines, StockMove::Reserve);
  if (!result.shortages.empty()) {
    result.outcome = PlaceOrderResult::Outcome::InsufficientStock;
    return false;
  }
  result.refused = count_purchases(tx, order.caps);
  if (result.refused) {
    result.outcome = PlaceOrderResult::Outcome::PurchaseLimitReached;
    return false;
  }

  result.outcome = PlaceOrderResult::Outcome::Placed;
  result.response_body = order.response_body;
  if (order.next_number) {
    result.number = free_order_number(tx, order.next_number);
    result.response_body = order.response_for(result.number);
  }
  tx.insert_order(order, result.number);
  for (const StockLine& line : order.lines) add_touched(result.touched, StockKey{line.kind, line.location, line.sku});
  for (const PromotionUse& use : order.promotions) {
    tx.record_promotion_use(use.promotion_id, order.public_id, order.customer.email_key);
  }
  tx.save_key(order, without_quote(result.response_body, order.quote_json));  // with the number drawn
  return true;
}

bool record_sale(LedgerTransaction& tx, const NewSale& sale, SaleResult& result) {
  result.exhausted = use_promotions(tx, sale.promotions, sale.customer.email_key);
  if (!result.exhausted.empty()) {
    result.outcome = SaleResult::Outcome::UsageLimitReached;
    return false;
  }
  result.shortages = take_stock(tx, sale.lines, StockMove::Sell);
  if (!result.shortages.empty()) {
    result.outcome = SaleResult::Outcome::InsufficientStock;
    return false;
  }
  result.refused = count_purchases(tx, sale.caps);
  if (result.refused) {
    result.outcome = SaleResult::Outcome::PurchaseLimitReached;
    return false;
  }
  result.outcome = SaleResult::Outcome::Recorded;
  tx.insert_sale(sale);
  for (const StockLine& line : sale.lines) add_touched(result.touched, StockKey{line.kind, line.location, line.sku});
  for (const PromotionUse& use : sale.promotions) {
    tx.record_promotion_use(use.promotion_id, sale.public_id, sale.customer.email_key);
  }
  return true;
}

bool transition_order(LedgerTransaction& tx, const std::string& store_id, const std::string& public_id, OrderStatus to,
                      int64_t now, TransitionResult& result) {
  std::optional<OrderRecord> order = tx.lock_store_order(store_id, public_id);
  if (!order) {
    result.outcome = TransitionResult::Outcome::NotFound;
    return false;
  }
  result.from = order->status;
  if (!transition_allowed(order->status, to)) {
    result.outcome = TransitionResult::Outcome::Illegal;
    result.order = std::move(order);
    return false;
  }
  // Rows in key order, as placing locks them.
  std::map<StockKey, std::pair<StockMove, int64_t>> moves;
  for (const OrderLineRecord& line : order->lines) {
    const std::optional<StockMove> move = transition_move(order->status, to, line.kind);
    if (!move) continue;
    auto& m = moves.try_emplace(StockKey{line.kind, line.location, line.sku}, *move, 0).first->second;
    m.second += line.quantity;
  }
  for (const auto& [key, m] : moves) {
    tx.move_stock(key, m.first, m.second);
    result.touched.push_back(key);
  }
  if (to == OrderStatus::Cancelled) tx.release_promotion_uses(public_id);  // a cancelled order gives its coupon uses back
  tx.set_status(public_id, to, now);
  order->status = to;
  order->updated_at = now;
  order->history.push_back(StatusChange{to, now});
  result.outcome = TransitionResult::Outcome::Done;
  result.order = std::move(order);
  return true;
}

}  // namespace server
