// A priced quote as the core hands it to its callers: the canonical text
// (docs/formats.md "Quote"), its binding part, a typed read-only view of what
// the server and the widget need, and the fingerprint, hashed only when asked.
//
// The binding part ("binding" in the text) is what the shopper agrees to pay:
// lines with their fulfilment and location, every discount share, tax, the
// selected shipping method and its price, totals, currency and rounding. The
// rest ("details") informs without binding: titles, other shipping options,
// pickup stores and their availability, free-shipping progress, messages.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace checkout {

struct QuoteView {
  enum class Fulfilment : uint8_t { Ship, Pickup };

  struct DiscountShare {
    std::string promotion;  // promotion id
    int64_t amount = 0;
  };
  struct Line {
    int32_t index = 0;  // position in the cart
    std::string sku;
    int64_t quantity = 0;
    Fulfilment fulfilment = Fulfilment::Ship;
    std::string store;  // pickup only
    int64_t unit_price = 0;
    int64_t subtotal = 0;
    std::vector<DiscountShare> discounts;
    int64_t discount_total = 0;
    int64_t net = 0;
    int64_t tax = 0;
    int64_t total = 0;
  };
  struct AppliedPromotion {
    std::string id;
    std::string code;  // empty for an automatic promotion
    int64_t amount = 0;
    int64_t shipping_discount = 0;
  };
  struct RejectedCode {
    std::string code;
    std::string reason;  // unknown | expired | ... | usage_limit_reached
  };
  struct Shipping {
    bool needed = false;
    std::optional<std::string> method;     // the selected method
    std::optional<std::string> warehouse;  // where the selected method ships from
    int64_t price = 0;
    int64_t tax = 0;
  };
  struct Totals {
    int64_t subtotal = 0;
    int64_t discounts = 0;
    int64_t shipping = 0;
    int64_t tax = 0;
    int64_t grand_total = 0;
  };
  struct Message {
    std::string code;
    int32_t line = -1;  // -1: about the whole cart
  };
  // A pickup store the quote offers (details.pickup.stores), in the quote's
  // order: by distance then id. Informative: none of it binds.
  struct PickupStore {
    std::string store;
    bool curbside = false;
    std::optional<int64_t> distance_m;       // when the customer location is known
    std::optional<std::string> ready_at;     // RFC 3339 UTC, as the quote writes it
    std::optional<std::string> ready_local;  // the same instant at the store's offset
  };

  std::string currency;
  int32_t exponent = 2;
  bool prices_include_tax = false;
  std::vector<Line> lines;
  std::vector<AppliedPromotion> promotions;
  std::vector<RejectedCode> rejected;
  Shipping shipping;
  Totals totals;
  std::vector<Message> messages;
  std::vector<PickupStore> pickup_stores;
};

// One priced quote. Copyable; the fingerprint is computed on first use and
// kept (not synchronised: share a PricedQuote across threads only after
// calling fingerprint() once, or not at all).
class PricedQuote {
 public:
  PricedQuote(QuoteView view, std::string text, std::size_t binding_begin, std::size_t binding_size,
              bool safe_integers = true)
      : view_(std::move(view)),
        text_(std::move(text)),
        binding_begin_(binding_begin),
        binding_size_(binding_size),
        safe_integers_(safe_integers) {}

  const QuoteView& view() const { return view_; }
  // The canonical quote without its "fingerprint" member.
  const std::string& text() const { return text_; }
  // The canonical text of the "binding" object: the bytes the fingerprint hashes.
  std::string_view binding_text() const { return std::string_view(text_).substr(binding_begin_, binding_size_); }
  // SHA-256 hex of binding_text(), computed once.
  const std::string& fingerprint() const;
  // The canonical quote with "fingerprint", as Engine::quote returns it.
  std::string fingerprinted_text() const;
  // True when every integer in text() is within +-(2^53 - 1), so JavaScript's
  // JSON.parse reads it exactly; false when an amount or weight is beyond
  // (docs/formats.md, "Numbers beyond 2^53"). Checked here so a JS caller
  // need not inspect every number it parses.
  bool safe_integers() const { return safe_integers_; }

 private:
  QuoteView view_;
  std::string text_;
  std::size_t binding_begin_ = 0;
  std::size_t binding_size_ = 0;
  bool safe_integers_ = true;
  mutable std::string fingerprint_;
};

// One bound field that differs between the binding a shopper accepted and a
// new quote, or a location the cart uses that can no longer supply a line.
struct BindingChange {
  std::string path;       // JSON Pointer into the quote, e.g. "/binding/lines/0/unit_price"
  std::string reason;     // see kBindingChangeReasons
  nlohmann::json client;  // the accepted value (null when it had none)
  nlohmann::json server;  // the value now (null when there is none)
};

// Every reason a BindingChange can give (docs/formats.md "Binding changes").
inline constexpr const char* kBindingChangeReasons[] = {
    "cart_changed",       "price_changed",     "promotion_ended",  "promotion_used_up", "promotion_changed",
    "promotion_added",    "tax_changed",       "shipping_changed", "stock_at_location", "total_changed",
    "terms_changed",
};
// The server adds "binding_changed" (path "/fingerprint") when a client sent
// only a fingerprint, which says that the binding differs but not where.

// What changed between `accepted` (the "binding" object of a quote the
// shopper accepted, as the client sent it back) and `now`. Empty when the
// shopper would pay exactly what they accepted, from the locations they chose.
// Details (other stores' stock, other shipping options, texts) never count.
std::vector<BindingChange> compare_binding(const nlohmann::json& accepted, const PricedQuote& now);

}  // namespace checkout
