// Refunds and exchanges: what returning units of a placed order gives back,
// worked out from the order's own binding quote (what was paid, and how it
// was allocated) and the merchant's return policy (catalog "returns").
// Pure, like the rest of the core. Rules and worked examples:
// docs/pricing/returns.md; format: docs/formats.md "Refund quote".
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "checkout/engine.h"

namespace checkout {

// What the server needs of a refund quote without reading its JSON.
struct RefundView {
  struct Entry {
    int32_t line = 0;  // the order line's "index"
    std::string sku;
    int64_t quantity = 0;
    bool sellable = true;  // false: damaged, never sold again
    int64_t refund = 0;
  };
  bool eligible = true;  // false: outside the return window, refunds nothing
  std::string window_ends;  // RFC 3339: the instant the return window ends
  std::string currency;
  std::vector<Entry> entries;  // this return, in request order
  int64_t total = 0;           // refund.total
  int64_t refunded_after = 0;  // everything refunded on the order, this return included
  bool shipping_refunded = false;
};

class RefundQuote {
 public:
  RefundQuote(RefundView view, std::string refund_text) : view_(std::move(view)), text_(std::move(refund_text)) {}
  const RefundView& view() const { return view_; }
  // The canonical "refund" object: the bytes the fingerprint hashes.
  const std::string& refund_text() const { return text_; }
  const std::string& fingerprint() const;
  // {"fingerprint": ..., "refund": ...} in canonical form.
  std::string fingerprinted_text() const;

 private:
  RefundView view_;
  std::string text_;
  mutable std::string fingerprint_;
};

// {"order": {"binding": <the stored quote's binding>, "placed_at": RFC 3339},
//  "returns": [{"line", "quantity", "condition"}],
//  "previous": {"returns": [...], "refunded": minor units}   (optional),
//  "context": {"now": RFC 3339}}
// The engine's catalog supplies the return policy and the promotions.
Result<RefundQuote> refund(const Engine& engine, std::string_view request_json);
Result<RefundQuote> refund(const Engine& engine, const nlohmann::json& request);

// An exchange: a refund request whose "context" is a full quote context, plus
// the "cart" of new items. The returned units' refund is credit against the
// new items' quote: {"exchange": {credit, due, refund_due}, "fingerprint",
// "quote": <the new items' quote>, "refund": <the refund>}.
Result<std::string> exchange(const Engine& engine, const nlohmann::json& request);

// Either of the two by whether the request has a "cart": the refund quote's
// fingerprinted text, or the exchange.
Result<std::string> return_quote(const Engine& engine, std::string_view request_json);

// One-shot, as the CLI takes it: the request above plus "catalog". With a
// "cart" it is an exchange, else a refund (fingerprinted text).
Result<std::string> returns_request(std::string_view request_json);

}  // namespace checkout
