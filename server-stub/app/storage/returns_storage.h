// Returns as storage records them (Storage::record_return, order_returns):
// which units of an order came back, in what condition, where, and the refund
// paid for them. The tables and statements are in sqlite_returns.cpp.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace server {

struct StockKey;

struct ReturnLineRecord {
  int32_t line = 0;  // the order line's index
  std::string sku;
  int64_t quantity = 0;
  bool sellable = true;  // false: damaged, recorded and never sold again
  int64_t refund = 0;
};

struct ReturnRecord {
  std::string public_id;
  std::string received_kind;      // "store" | "mail"
  std::string received_location;  // the store id, or where mail returns go back to ("" when nowhere)
  std::string channel;            // "web" (the shopper) | "store" (staff)
  std::string refund_method;      // "original_payment" | "store_credit" | "cash"
  int64_t refund_total = 0;
  std::string currency;
  std::string refund_json;  // the refund quote as the core wrote it ({"fingerprint","refund"})
  int64_t created_at = 0;
  std::vector<ReturnLineRecord> lines;
};

struct NewReturn {
  ReturnRecord record;
  std::string order_public_id;
  std::string idempotency_key;
  std::string request_sha256;
  // How many returns the order had when the refund was computed (its
  // "previous" input): a return committed since makes this one stale.
  int64_t returns_before = 0;
  // Sellable units back on the shelf: (location, units).
  std::vector<std::pair<StockKey, int64_t>> restock;
  std::string response_body;  // the 201 body, replayed for the same key and body
};

struct ReturnResult {
  enum class Outcome { Recorded, Replayed, KeyReused, Stale, ExceedsOrder };
  Outcome outcome = Outcome::Recorded;
  std::string replay_body;        // Replayed
  std::vector<StockKey> touched;  // Recorded
};

}  // namespace server
