// compare_binding (include/checkout/quote_view.h): the bound fields a shopper
// accepted that a new quote no longer gives, each with the reason a person
// can be told. Only the binding and the stock at the locations the cart uses
// are compared; what the quote's "details" say never refuses an order.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "checkout/quote_view.h"
#include "json_strict.h"

namespace checkout {
namespace {

const Json& member(const Json& object, const std::string& key) {
  static const Json none;
  if (!object.is_object()) return none;
  const auto it = object.find(key);
  return it == object.end() ? none : *it;
}

const Json& element(const Json& array, size_t i) {
  static const Json none;
  return array.is_array() && i < array.size() ? array[i] : none;
}

std::string upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

class Comparison {
 public:
  Comparison(const Json& accepted, const Json& server, const QuoteView& now)
      : accepted_(accepted), server_(server), now_(now) {}

  std::vector<BindingChange> run() {
    for (const char* key : {"currency", "exponent", "rounding"}) {
      leaves(member(accepted_, key), member(server_, key), std::string("/binding/") + key, "terms_changed");
    }
    promotions();
    lines();
    shipping();
    leaves(member(accepted_, "tax_lines"), member(server_, "tax_lines"), "/binding/tax_lines", "tax_changed");
    totals();
    stock();
    // Members that are not in the format (a client's invention) count as a change too.
    std::set<std::string> known = {"currency", "exponent", "lines", "promotions", "rounding", "shipping", "tax_lines", "totals"};
    for (const Json* side : {&accepted_, &server_}) {
      if (!side->is_object()) continue;
      for (const auto& [key, value] : side->items()) {
        if (known.insert(key).second) {
          leaves(member(accepted_, key), member(server_, key), "/binding/" + pointer_token(key), "terms_changed");
        }
      }
    }
    return std::move(changes_);
  }

 private:
  void add(const std::string& path, const std::string& reason, const Json& client, const Json& server) {
    changes_.push_back(BindingChange{path, reason, client, server});
  }

  // Every differing leaf under `path`, all with one reason.
  void leaves(const Json& a, const Json& b, const std::string& path, const std::string& reason) {
    if (a == b) return;
    if (a.is_object() && b.is_object()) {
      std::set<std::string> keys;
      for (const auto& [key, value] : a.items()) keys.insert(key);
      for (const auto& [key, value] : b.items()) keys.insert(key);
      for (const std::string& key : keys) leaves(member(a, key), member(b, key), path + "/" + pointer_token(key), reason);
      return;
    }
    if (a.is_array() && b.is_array()) {
      const size_t n = std::max(a.size(), b.size());
      for (size_t i = 0; i < n; ++i) leaves(element(a, i), element(b, i), path + "/" + std::to_string(i), reason);
      return;
    }
    add(path, reason, a, b);
  }

  // Why an accepted promotion is no longer in the quote: its code was
  // refused as used up, or it ended (window, conditions, withdrawal).
  std::string gone_reason(const Json& promotion) const {
    const Json& code = member(promotion, "code");
    if (code.is_string()) {
      const std::string wanted = upper(code.get<std::string>());
      for (const QuoteView::RejectedCode& r : now_.rejected) {
        if (r.reason == "usage_limit_reached" && upper(r.code) == wanted) return "promotion_used_up";
      }
    }
    return "promotion_ended";
  }

  const Json* server_promotion(const Json& id) const {
    for (const Json& p : member(server_, "promotions")) {
      if (member(p, "id") == id) return &p;
    }
    return nullptr;
  }

  void promotions() {
    const Json& accepted = member(accepted_, "promotions");
    const Json& server = member(server_, "promotions");
    if (accepted == server) return;
    std::set<Json> accepted_ids;
    for (size_t i = 0; accepted.is_array() && i < accepted.size(); ++i) {
      const Json& p = accepted[i];
      const std::string path = "/binding/promotions/" + std::to_string(i);
      accepted_ids.insert(member(p, "id"));
      const Json* now = server_promotion(member(p, "id"));
      if (now == nullptr) {
        const std::string reason = gone_reason(p);
        promotion_reasons_[member(p, "id")] = reason;
        add(path, reason, p, nullptr);
      } else if (*now != p) {
        promotion_reasons_[member(p, "id")] = "promotion_changed";
        leaves(p, *now, path, "promotion_changed");
      }
    }
    for (size_t i = 0; server.is_array() && i < server.size(); ++i) {
      if (accepted_ids.count(member(server[i], "id")) == 0) {
        promotion_reasons_[member(server[i], "id")] = "promotion_added";
        add("/binding/promotions/" + std::to_string(i), "promotion_added", nullptr, server[i]);
      }
    }
  }

  // A line's discounts changed because of the promotions they name: the
  // first of them that ended, was used up, was added or changed.
  std::string discount_reason(const Json& a, const Json& b) const {
    for (const Json* shares : {&a, &b}) {
      for (const Json& share : *shares) {
        const auto it = promotion_reasons_.find(member(share, "promotion"));
        if (it != promotion_reasons_.end()) return it->second;
      }
    }
    return "promotion_changed";
  }

  void lines() {
    const Json& accepted = member(accepted_, "lines");
    const Json& server = member(server_, "lines");
    if (accepted == server) return;
    if (!accepted.is_array() || !server.is_array() || accepted.size() != server.size()) {
      add("/binding/lines", "cart_changed", accepted.is_array() ? Json(accepted.size()) : accepted, Json(server.size()));
      return;
    }
    for (size_t i = 0; i < server.size(); ++i) {
      const Json& a = accepted[i];
      const Json& b = server[i];
      if (a == b) continue;
      const std::string path = "/binding/lines/" + std::to_string(i);
      std::set<std::string> keys;
      for (const Json* side : {&a, &b}) {
        if (!side->is_object()) continue;
        for (const auto& [key, value] : side->items()) keys.insert(key);
      }
      if (!a.is_object()) {
        add(path, "cart_changed", a, b);
        continue;
      }
      for (const std::string& key : keys) {
        const Json& x = member(a, key);
        const Json& y = member(b, key);
        if (x == y) continue;
        const std::string at = path + "/" + pointer_token(key);
        if (key == "unit_price" || key == "subtotal") {
          add(at, "price_changed", x, y);
        } else if (key == "discounts" || key == "discount_total") {
          add(at, discount_reason(member(a, "discounts"), member(b, "discounts")), x, y);
        } else if (key == "tax" || key == "tax_rate") {
          add(at, "tax_changed", x, y);
        } else if (key == "net" || key == "total") {
          add(at, "total_changed", x, y);
        } else {  // sku, quantity, index, fulfilment: a different cart than the one accepted
          add(at, "cart_changed", x, y);
        }
      }
    }
  }

  void shipping() {
    const Json& a = member(accepted_, "shipping");
    const Json& b = member(server_, "shipping");
    if (a == b) return;
    if (!a.is_object()) {
      add("/binding/shipping", "shipping_changed", a, b);
      return;
    }
    std::set<std::string> keys;
    for (const auto& [key, value] : a.items()) keys.insert(key);
    for (const auto& [key, value] : b.items()) keys.insert(key);
    for (const std::string& key : keys) {
      leaves(member(a, key), member(b, key), "/binding/shipping/" + pointer_token(key),
             key == "tax" ? "tax_changed" : "shipping_changed");
    }
  }

  void totals() {
    const Json& a = member(accepted_, "totals");
    const Json& b = member(server_, "totals");
    if (a == b) return;
    if (!a.is_object()) {
      add("/binding/totals", "total_changed", a, b);
      return;
    }
    std::set<std::string> keys;
    for (const auto& [key, value] : a.items()) keys.insert(key);
    for (const auto& [key, value] : b.items()) keys.insert(key);
    for (const std::string& key : keys) {
      const char* reason = key == "subtotal"    ? "price_changed"
                           : key == "discounts" ? "promotion_changed"
                           : key == "shipping"  ? "shipping_changed"
                           : key == "tax"       ? "tax_changed"
                                                : "total_changed";
      leaves(member(a, key), member(b, key), "/binding/totals/" + pointer_token(key), reason);
    }
  }

  // A line the location it comes from (its pickup store, or the selected
  // method's warehouse) can no longer supply, as the quote's own stock
  // messages say. Stock anywhere else is not the shopper's concern.
  void stock() {
    for (const QuoteView::Message& m : now_.messages) {
      if (m.line < 0 || (m.code != "insufficient_stock" && m.code != "pickup_insufficient_stock")) continue;
      const size_t line = static_cast<size_t>(m.line);
      const std::string path = "/binding/lines/" + std::to_string(line) + "/fulfilment";
      add(path, "stock_at_location", member(element(member(accepted_, "lines"), line), "fulfilment"), Json(m.code));
    }
  }

  const Json& accepted_;
  const Json& server_;
  const QuoteView& now_;
  std::map<Json, std::string> promotion_reasons_;  // promotion id -> why its shares changed
  std::vector<BindingChange> changes_;
};

}  // namespace

std::vector<BindingChange> compare_binding(const nlohmann::json& accepted, const PricedQuote& now) {
  const Json server = parse_json_strict(now.binding_text());
  return Comparison(accepted, server, now.view()).run();
}

}  // namespace checkout
