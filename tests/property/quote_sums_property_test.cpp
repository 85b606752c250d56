// Properties 1-3: the quote's money adds up. Line amounts sum to the totals,
// every promotion's line shares sum to its amount, and nothing is ever negative.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <string>
#include <utility>

#include "quote_access.h"
#include "request_generators.h"

namespace property {
namespace {

// Tags what a case exercised, so the printed distribution shows the
// generators reach the interesting paths (pickup, discounts, taxed shipping).
void tag_coverage(const Scenario& s, const Json& q) {
  const Json& totals = q.at("totals");
  for (const Json& applied : q.at("promotions").at("applied")) {
    for (const Json& p : s.catalog.at("promotions")) {
      if (p.at("id") == applied.at("id")) RC_TAG(p.at("effect").at("type").get<std::string>());
    }
  }
  RC_TAG(q.at("rounding").at("tax_calculation").get<std::string>());
  bool pickup = false, huge = false;
  for (const Json& line : q.at("lines")) {
    pickup = pickup || line.at("fulfilment").at("type") == "pickup";
    huge = huge || money_at(line, "subtotal") >= 1'000'000'000'000;
  }
  RC_CLASSIFY(huge, "line subtotal >= 10^12");
  RC_CLASSIFY(pickup, "has pickup line");
  RC_CLASSIFY(money_at(totals, "discounts") > 0, "discounted");
  RC_CLASSIFY(money_at(totals, "tax") > 0, "taxed");
  RC_CLASSIFY(money_at(q.at("shipping"), "tax") > 0, "shipping taxed");
  RC_CLASSIFY(totals.at("tax_included").get<bool>(), "tax included");
}

RC_GTEST_PROP(QuoteSums, LineAmountsAddUpToTotals, ()) {
  const Scenario s = *scenarios();
  const Json q = quote_scenario(s).json;
  tag_coverage(s, q);
  const Json& totals = q.at("totals");
  const bool inclusive = totals.at("tax_included").get<bool>();

  int64_t subtotal = 0, discounts = 0, line_tax = 0;
  for (const Json& line : q.at("lines")) {
    subtotal += money_at(line, "subtotal");
    discounts += money_at(line, "discount_total");
    line_tax += money_at(line, "tax");
  }
  const int64_t shipping_tax = money_at(q.at("shipping"), "tax");
  RC_ASSERT(subtotal == money_at(totals, "subtotal"));
  RC_ASSERT(discounts == money_at(totals, "discounts"));
  RC_ASSERT(line_tax + shipping_tax == money_at(totals, "tax"));
  RC_ASSERT(money_at(q.at("shipping"), "price") == money_at(totals, "shipping"));
  // The shipping price is the selected option's price (0 when none is selected).
  const Json& shipping = q.at("shipping");
  int64_t selected_price = 0;
  int selected_count = 0;
  for (const Json& option : shipping.at("options")) {
    if (shipping.contains("selected") && option.at("method") == shipping.at("selected")) {
      selected_price = money_at(option, "price");
      ++selected_count;
    }
    RC_ASSERT(money_at(option, "price") <= money_at(option, "base_price"));
  }
  RC_ASSERT(selected_count == (shipping.contains("selected") ? 1 : 0));
  RC_ASSERT(money_at(shipping, "price") == selected_price);

  const int64_t before_tax = money_at(totals, "subtotal") - money_at(totals, "discounts") + money_at(totals, "shipping");
  const int64_t expected_grand = inclusive ? before_tax : before_tax + money_at(totals, "tax");
  RC_ASSERT(money_at(totals, "grand_total") == expected_grand);

  // Every taxed amount, lines and shipping, is on exactly one tax line.
  int64_t tax_lines = 0;
  for (const Json& t : q.at("tax_lines")) tax_lines += money_at(t, "amount");
  RC_ASSERT(tax_lines == money_at(totals, "tax"));
}

RC_GTEST_PROP(QuoteSums, DiscountSharesAddUp, ()) {
  const Scenario s = *scenarios();
  const Json q = quote_scenario(s).json;
  const Json& lines = q.at("lines");

  // (line index, promotion id) -> the share the line lists.
  std::map<std::pair<int64_t, std::string>, int64_t> line_shares;
  for (const Json& line : lines) {
    int64_t sum = 0;
    for (const Json& d : line.at("discounts")) {
      RC_ASSERT(money_at(d, "amount") > 0);
      sum += money_at(d, "amount");
      auto key = std::make_pair(line.at("index").get<int64_t>(), d.at("promotion").get<std::string>());
      RC_ASSERT(line_shares.emplace(key, money_at(d, "amount")).second);  // one share per promotion per line
    }
    RC_ASSERT(sum == money_at(line, "discount_total"));
    RC_ASSERT(money_at(line, "discount_total") <= money_at(line, "subtotal"));
  }

  // Each applied promotion's amount is the sum of its line shares, and no
  // line lists a share of a promotion that did not apply.
  int64_t applied_total = 0;
  size_t shares_seen = 0;
  for (const Json& p : q.at("promotions").at("applied")) {
    int64_t sum = 0;
    for (const auto& [key, amount] : line_shares) {
      if (key.second == p.at("id").get<std::string>()) {
        sum += amount;
        ++shares_seen;
      }
    }
    RC_ASSERT(sum == money_at(p, "amount"));
    applied_total += money_at(p, "amount");
  }
  RC_ASSERT(shares_seen == line_shares.size());
  RC_ASSERT(applied_total == money_at(q.at("totals"), "discounts"));
}

RC_GTEST_PROP(QuoteSums, NothingIsNegative, ()) {
  const Scenario s = *scenarios();
  const Json q = quote_scenario(s).json;
  const Json& totals = q.at("totals");
  for (const char* key : {"subtotal", "discounts", "shipping", "tax", "grand_total"}) {
    RC_ASSERT(money_at(totals, key) >= 0);
  }
  const bool inclusive = totals.at("tax_included").get<bool>();
  for (const Json& line : q.at("lines")) {
    const int64_t net = money_at(line, "net");
    RC_ASSERT(net >= 0);
    RC_ASSERT(net == money_at(line, "subtotal") - money_at(line, "discount_total"));
    RC_ASSERT(money_at(line, "tax") >= 0);
    RC_ASSERT(money_at(line, "tax") <= net);  // rates are at most 100 %
    RC_ASSERT(money_at(line, "total") == (inclusive ? net : net + money_at(line, "tax")));
  }
  const Json& shipping = q.at("shipping");
  for (const char* key : {"price", "tax", "subtotal", "weight_g"}) RC_ASSERT(money_at(shipping, key) >= 0);
  RC_ASSERT(money_at(shipping, "tax") <= money_at(shipping, "price"));
  for (const Json& t : q.at("tax_lines")) {
    RC_ASSERT(money_at(t, "taxable") >= 0);
    RC_ASSERT(money_at(t, "amount") >= 0);
  }
}

}  // namespace
}  // namespace property
