// What every priced request (quote, order, sale) shares before and after it
// reaches the engine: the coupon brute-force gate and the server's say over
// context.now and context.exhausted_promotions. Server policy, not pricing:
// the engine never sees a clock, a database or a client address.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "api_support.h"
#include "http_server.h"
#include "live_catalog.h"
#include "coupon_guard.h"
#include "storage.h"

namespace server {

using Clock = std::function<int64_t()>;  // unix seconds

class Quoting {
 public:
  // `catalog` and `storage` are not owned and outlive this. `coupon_guard`
  // nullptr: this process's memory.
  Quoting(const LiveCatalog* catalog, Storage* storage, Clock clock, int64_t clock_tolerance_s,
          std::shared_ptr<CouponGuard> coupon_guard = nullptr)
      : catalog_(catalog),
        storage_(storage),
        clock_(std::move(clock)),
        clock_tolerance_s_(clock_tolerance_s),
        coupon_guard_(coupon_guard ? std::move(coupon_guard) : make_memory_coupon_guard()) {}

  // 429 when this client has tried too many unknown coupon codes lately.
  std::optional<http::Response> coupon_gate(const http::Request& r, const Json& cart);
  // Counts the quote's unknown-code rejections against the client.
  void count_unknown_codes(const http::Request& r, const checkout::QuoteView& quote);
  // The client's cart and context as sent, checked by the core's rules
  // (unknown fields, types, ranges, references) before the server replaces
  // any part of them: the core's code, message and JSON Pointer on error.
  std::optional<http::Response> check_client_request(const Json& cart, const Json& context) const;
  // Sets context.now (the client's if within clock_tolerance_s of the
  // server clock, else the server's) and context.exhausted_promotions (the
  // server's own usage counts; whatever the client sent is replaced).
  // customer_key: nullopt = not known yet (a quote preview: per-customer
  // limits are left to the order, which always has an email); "" = an
  // anonymous sale (per-customer-limited promotions cannot be counted, so
  // they are unavailable); else the lower-cased email.
  std::optional<http::Response> prepare_context(Json& context, const std::optional<std::string>& customer_key);

 private:
  const LiveCatalog* catalog_;
  Storage* storage_;
  Clock clock_;
  int64_t clock_tolerance_s_;
  std::shared_ptr<CouponGuard> coupon_guard_;
};

}  // namespace server
