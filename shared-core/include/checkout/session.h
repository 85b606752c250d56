// A pricing session: one loaded catalog (an Engine) and one cart + context
// held inside the core, changed by small edits and re-priced on demand.
//
// What it saves over Engine::price on every edit: the cart and context are
// not re-sent or re-parsed as text (an edit touches the part it names and
// only that half is validated again, by the same loaders, with the same
// error codes and paths), and a re-price stops before the quote writer and
// the hash: totals() is the compact view of docs/formats.md "Session view".
// The full canonical quote is written only when asked for, from the same
// pricing state, and is byte-identical to Engine::quote of the session's
// cart and context (cart_and_context()).
//
// An edit either applies completely or returns its error and leaves the
// session as it was. Nothing here throws.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "checkout/engine.h"
#include "checkout/error.h"
#include "checkout/quote_view.h"
#include "checkout/result.h"

namespace checkout {

// The compact result of a re-price (docs/formats.md "Session view"): what a
// cart page redraws on every edit, without the quote's texts (titles, names,
// English sentences: the catalog's, or the shopper's words by code) and
// without the hash. Every value is the quote's own, computed by pricing.
struct SessionView {
  // A value a message or a rejected code names (the quote's "params").
  struct Param {
    std::string name;
    std::string text;
    int64_t number = 0;
    bool is_number = false;
  };
  struct Discount {
    std::string promotion;
    int64_t amount = 0;
  };
  struct Line {
    int64_t subtotal = 0;        // unit price x quantity
    int64_t discount_total = 0;  // all promotions' shares of this line
    int64_t net = 0;             // subtotal - discount_total
    int64_t tax = 0;
    int64_t total = 0;           // as the quote's binding.lines[i].total
    int64_t unit_price = 0;
    std::vector<Discount> discounts;  // in the order promotions applied
  };
  struct Message {
    std::string code;   // a message code (shared-core/codes/codes.json)
    int32_t line = -1;  // cart line index, -1 about the whole cart
    std::vector<Param> params;
  };
  struct Rejected {
    std::string code;    // the coupon as entered
    std::string reason;  // a rejection reason code
    std::vector<Param> params;
  };
  struct Applied {  // binding.promotions[i] with details' free_shipping
    std::string id;
    std::string code;  // "" for an automatic promotion
    int64_t amount = 0;
    int64_t shipping_discount = 0;
    bool free_shipping = false;
  };
  struct ShippingOption {  // details.shipping.options[i] without its name
    std::string method;
    int64_t base_price = 0;
    int64_t price = 0;
    bool free = false;
    std::optional<int64_t> free_over;
    std::optional<int64_t> remaining_for_free;
    std::string earliest, latest;  // delivery dates, "2026-11-25"
  };
  struct PickupLine {
    int32_t line = 0;
    int64_t requested = 0;
    int64_t available = 0;
  };
  struct PickupStore {  // details.pickup.stores[i] without its name, phone and curbside
    std::string store;
    std::optional<int64_t> distance_m;
    std::string availability;  // all | partial | none
    std::vector<PickupLine> lines;
    std::optional<std::string> ready_local;  // "2026-11-23T10:30:00-05:00"
  };
  QuoteView::Totals totals;
  std::vector<Line> lines;  // in cart order
  bool shipping_needed = false;
  std::optional<std::string> shipping_selected;  // the selected method (binding.shipping.selected)
  int64_t shipping_price = 0;                  // of the selected method, after free shipping
  std::vector<ShippingOption> shipping_options;  // as the quote orders them
  std::vector<std::string> promotions;         // ids of the applied promotions, in the order applied
  std::vector<Applied> applied;                // the same promotions with their amounts
  std::vector<Rejected> rejected;
  std::vector<Message> messages;
  std::vector<PickupStore> pickup_stores;      // in the quote's order (nearest first)
};

// No value: the edit applied; an Error: it did not, and nothing changed.
using EditResult = std::optional<Error>;

class Session {
 public:
  // {"cart": ..., "context": ...} as Engine::price takes it, with the same errors.
  static Result<Session> open(const Engine& engine, std::string_view cart_and_context_json);
  static Result<Session> open(const Engine& engine, const nlohmann::json& cart_and_context);

  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;
  ~Session();

  // Cart edits. `line` is an index into the cart's lines; a line given as
  // JSON is a cart line of the request format ({"sku", "quantity", "fulfilment"?}).
  EditResult set_quantity(int64_t line, const nlohmann::json& quantity);  // judged as the request's quantity
  EditResult add_line(const nlohmann::json& line);
  EditResult remove_line(int64_t line);
  EditResult set_fulfilment(int64_t line, const nlohmann::json& fulfilment);  // {"type":"pickup","store":id} | {"type":"ship"}
  EditResult apply_coupon(const std::string& code);   // appended as entered
  EditResult remove_coupon(const std::string& code);  // every entry equal to `code` as entered
  EditResult set_shipping_method(const std::optional<std::string>& method_id);  // nullopt: the cheapest
  // Context edits; a null JSON value removes the member.
  EditResult set_destination(const nlohmann::json& destination);
  EditResult set_location(const nlohmann::json& location);
  EditResult set_now(const nlohmann::json& now);  // as context "now": RFC 3339 text
  EditResult set_context(const nlohmann::json& context);  // the whole context, for anything else
  // Live stock: an engine from this session's engine by with_stock_levels
  // (the same catalog); anything else is refused with invalid_value.
  EditResult set_engine(const Engine& engine);

  // Re-prices if anything changed since the last call; the compact view.
  Result<SessionView> view() const;
  // The priced quote of the current cart and context (no fingerprint yet),
  // and the canonical quote with its fingerprint, as Engine::price / Engine::quote.
  Result<PricedQuote> priced() const;
  Result<std::string> quote() const;
  // The session's {"cart", "context"} document, as a one-shot request would hold it.
  nlohmann::json cart_and_context() const;

 private:
  struct State;
  explicit Session(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace checkout
