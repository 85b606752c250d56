#include "quoting.h"

#include <string>
#include <vector>

#include "checkout/civil_time.h"
#include "checkout/request_check.h"
#include "time_text.h"

namespace server {

std::optional<http::Response> Quoting::coupon_gate(const http::Request& r, const Json& cart) {
  auto coupons = cart.find("coupons");
  if (coupons == cart.end() || !coupons->is_array() || coupons->empty()) return std::nullopt;
  std::optional<int64_t> wait_ms = coupon_guard_->blocked_for(r.remote_ip);
  if (!wait_ms) return std::nullopt;
  const int64_t seconds = (*wait_ms + 999) / 1000;
  return retry_later("rate_limited",
                     "Too many unknown coupon codes from this address; try again in " + std::to_string(seconds) + " s.",
                     seconds, "/cart/coupons");
}

void Quoting::count_unknown_codes(const http::Request& r, const checkout::QuoteView& quote) {
  int32_t unknown = 0;
  for (const checkout::QuoteView::RejectedCode& rejected : quote.rejected) {
    if (rejected.reason == "unknown") ++unknown;
  }
  coupon_guard_->record(r.remote_ip, unknown);
}

std::optional<http::Response> Quoting::check_client_request(const Json& cart, const Json& context) const {
  Json document{{"cart", cart}, {"context", context}};
  // context.now is the one field the server may fill in for the client.
  if (context.is_object() && !context.contains("now")) document["context"]["now"] = checkout::format_utc(clock_());
  if (std::optional<checkout::Error> e = checkout::check_request(*catalog_->engine(), document)) return engine_error(*e);
  return std::nullopt;
}

std::optional<http::Response> Quoting::prepare_context(Json& context, const std::optional<std::string>& customer_key) {
  if (!context.is_object()) return api_error(400, "wrong_type", "context must be an object.", "/context");
  const int64_t server_now = clock_();
  int64_t now = server_now;
  if (auto given = context.find("now"); given != context.end()) {
    if (!given->is_string()) return api_error(400, "wrong_type", "now must be an RFC 3339 string.", "/context/now");
    std::optional<int64_t> client_now = checkout::parse_rfc3339(given->get_ref<const std::string&>());
    if (!client_now) {
      return api_error(400, "invalid_value", "now must be an RFC 3339 instant such as 2026-11-22T14:03:00Z.",
                       "/context/now");
    }
    // Quotes depend on time (promotion windows, delivery dates, ready
    // times); within the tolerance the browser's own instant is used so its
    // fingerprint can match; beyond it the server's clock decides.
    if (*client_now >= server_now - clock_tolerance_s_ && *client_now <= server_now + clock_tolerance_s_) {
      now = *client_now;
    }
  }
  context["now"] = checkout::format_utc(now);
  Json exhausted = Json::array();
  std::vector<PromotionLimit> limits;
  for (const checkout::PromotionLimits& l : catalog_->view().limited_promotions()) {
    limits.push_back(PromotionLimit{l.id, l.usage_limit, l.usage_limit_per_customer});
  }
  if (!customer_key) {
    for (PromotionLimit& l : limits) l.usage_limit_per_customer.reset();
  }
  for (const std::string& id : storage_->exhausted_promotions(limits, customer_key.value_or(""))) {
    exhausted.push_back(id);
  }
  context["exhausted_promotions"] = std::move(exhausted);
  return std::nullopt;
}

}  // namespace server
