// Properties of refund quotes (docs/pricing/returns.md), on orders priced from
// the generated scenarios:
//   4. returning everything, at once or in any sequence of partial returns,
//      refunds exactly the grand total under the default policy;
//   5. under any policy (fees, promotions taken back, shipping never refunded)
//      no sequence of partial returns refunds more than was paid, and no
//      single return refunds less than nothing.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "checkout/refund.h"
#include "quote_access.h"
#include "request_generators.h"

namespace property {
namespace {

struct Order {
  checkout::Engine engine;
  Json order;  // {"binding", "placed_at"}
  int64_t grand_total = 0;
  std::vector<std::pair<int64_t, int64_t>> lines;  // (index, quantity)
};

// Prices the scenario under `policy` (catalog "returns"; null = none) and
// keeps its binding as the order a refund starts from.
Order place(Scenario s, const Json& policy) {
  if (!policy.is_null()) s.catalog["returns"] = policy;
  Order o{load_engine(s), Json(), 0, {}};
  const std::string request = s.cart_and_context().dump();
  checkout::Result<checkout::PricedQuote> priced = o.engine.price(std::string_view(request));
  if (!priced.ok()) reject_error(priced.error(), "Engine::price");
  const Json binding = Json::parse(priced.value().binding_text());
  o.order = Json{{"binding", binding}, {"placed_at", s.context.at("now")}};
  o.grand_total = binding.at("totals").at("grand_total").get<int64_t>();
  for (const Json& line : binding.at("lines")) {
    o.lines.emplace_back(line.at("index").get<int64_t>(), line.at("quantity").get<int64_t>());
  }
  return o;
}

// Every unit of the order in random entries (random amounts per line, random
// conditions), shuffled and cut into 1..4 returns.
std::vector<Json> random_returns(const Order& o) {
  std::vector<Json> entries;
  for (const auto& [index, quantity] : o.lines) {
    int64_t left = quantity;
    while (left > 0) {
      const int64_t n = pick(1, left);
      entries.push_back(Json{{"line", index}, {"quantity", n}, {"condition", *rc::gen::element("sellable", "damaged")}});
      left -= n;
    }
  }
  // Shuffle the entries, then cut them into 1..4 returns.
  std::vector<size_t> order(entries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[*rc::gen::inRange<size_t>(0, i)]);
  const size_t returns = *rc::gen::inRange<size_t>(1, std::min<size_t>(4, entries.size()) + 1);
  std::vector<Json> out(returns, Json::array());
  for (size_t k = 0; k < order.size(); ++k) {
    // The first `returns` entries open one return each, so none is empty.
    const size_t target = k < returns ? k : *rc::gen::inRange<size_t>(0, returns);
    out[target].push_back(entries[order[k]]);
  }
  return out;
}

// Runs the returns in sequence, each knowing the earlier ones; the refunds.
std::vector<int64_t> refund_in_sequence(const Order& o, const std::vector<Json>& returns) {
  std::vector<int64_t> refunds;
  Json previous = Json::array();
  int64_t refunded = 0;
  for (const Json& r : returns) {
    Json request{{"order", o.order}, {"returns", r}, {"context", Json{{"now", o.order.at("placed_at")}}}};
    if (!previous.empty()) request["previous"] = Json{{"returns", previous}, {"refunded", refunded}};
    const std::string text = request.dump();
    checkout::Result<checkout::RefundQuote> q = checkout::refund(o.engine, std::string_view(text));
    if (!q.ok()) reject_error(q.error(), "refund");
    const Json out = Json::parse(q.value().fingerprinted_text()).at("refund");
    RC_ASSERT(out.at("total").get<int64_t>() == q.value().view().total);
    refunds.push_back(q.value().view().total);
    refunded += q.value().view().total;
    RC_ASSERT(out.at("refunded_after").get<int64_t>() == refunded);
    for (const Json& e : r) previous.push_back(e);
  }
  return refunds;
}

Json random_policy() {
  Json policy = Json::object();
  if (*rc::gen::arbitrary<bool>()) policy["broken_promotions"] = "take_back";
  if (*rc::gen::arbitrary<bool>()) policy["shipping"] = "never";
  if (*rc::gen::arbitrary<bool>()) {
    policy["restocking_fee"] = Json{{"percent", std::to_string(*rc::gen::inRange(1, 31))},
                                    {"conditions", Json::array({"sellable", "damaged"})}};
  }
  return policy;
}

RC_GTEST_PROP(Refunds, EverythingBackRefundsTheGrandTotal, ()) {
  // The default policy, or take_back (which must give everything back once
  // nothing is kept): the grand total, to the minor unit.
  const Json policy = *rc::gen::arbitrary<bool>() ? Json() : Json{{"broken_promotions", "take_back"}};
  const Order o = place(*scenarios(), policy);
  const std::vector<Json> returns = random_returns(o);
  RC_CLASSIFY(returns.size() == 1, "all at once");
  RC_CLASSIFY(!policy.is_null(), "take_back");
  const std::vector<int64_t> refunds = refund_in_sequence(o, returns);
  int64_t sum = 0;
  for (int64_t r : refunds) {
    RC_ASSERT(r >= 0);
    sum += r;
  }
  RC_ASSERT(sum == o.grand_total);
}

RC_GTEST_PROP(Refunds, NoSequenceRefundsMoreThanWasPaid, ()) {
  const Json policy = random_policy();
  const Order o = place(*scenarios(), policy);
  std::vector<Json> returns = random_returns(o);
  // Sometimes stop before everything is back.
  if (returns.size() > 1 && *rc::gen::arbitrary<bool>()) returns.pop_back();
  const std::vector<int64_t> refunds = refund_in_sequence(o, returns);
  int64_t sum = 0;
  for (int64_t r : refunds) {
    RC_ASSERT(r >= 0);
    sum += r;
    RC_ASSERT(sum <= o.grand_total);
  }
  RC_TAG(policy.dump());
}

}  // namespace
}  // namespace property
