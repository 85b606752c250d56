// line_order_compare.h: map line indexes, normalise what may legitimately
// differ between interchangeable lines, then compare part by part.
#include "line_order_compare.h"

#include <algorithm>
#include <map>
#include <utility>

namespace property {
namespace {

Json without_index(Json line) {
  line.erase("index");
  return line;
}

// original index -> permuted quote's index of a line with the same content.
// Prefers the line the permutation moved there; falls back to another line
// with identical content (interchangeable lines may swap their cents).
// Empty, with `why` set, when some line has no equal.
std::vector<int64_t> match_lines(const Json& original, const Json& permuted, const std::vector<size_t>& order,
                                 std::string& why) {
  const size_t n = original.size();
  std::vector<size_t> position_of(n);
  for (size_t k = 0; k < n; ++k) position_of[order[k]] = k;
  std::vector<int64_t> to_permuted(n, -1);
  std::vector<bool> used(n, false);
  for (size_t i = 0; i < n; ++i) {
    if (without_index(original[i]) == without_index(permuted[position_of[i]])) {
      to_permuted[i] = static_cast<int64_t>(position_of[i]);
      used[position_of[i]] = true;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (to_permuted[i] >= 0) continue;
    for (size_t j = 0; j < n && to_permuted[i] < 0; ++j) {
      if (!used[j] && without_index(original[i]) == without_index(permuted[j])) {
        to_permuted[i] = static_cast<int64_t>(j);
        used[j] = true;
      }
    }
    if (to_permuted[i] < 0) {
      why = "lines differ: line " + std::to_string(i) + " " + original[i].dump() +
            " has no equal after permuting; it became " + permuted[position_of[i]].dump();
      return {};
    }
  }
  return to_permuted;
}

// The lowest original index of a line interchangeable with each line: same
// sku, fulfilment (with store) and quantity. Between such lines any cent,
// unit of stock or message may legitimately swap.
std::vector<int64_t> interchangeable_representative(const Json& lines) {
  std::vector<int64_t> rep(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    rep[i] = static_cast<int64_t>(i);
    for (size_t k = 0; k < i; ++k) {
      if (lines[k].at("sku") == lines[i].at("sku") && lines[k].at("fulfilment") == lines[i].at("fulfilment") &&
          lines[k].at("quantity") == lines[i].at("quantity")) {
        rep[i] = rep[k];
        break;
      }
    }
  }
  return rep;
}

void sort_list(Json& list) {
  std::sort(list.begin(), list.end(), [](const Json& a, const Json& b) { return a.dump() < b.dump(); });
}

// Rewrites every line reference through `new_index` (to the original cart's
// indexes) and then to its interchangeable representative, and sorts what is
// listed per line (pickup lines, messages) so equal content
// compares equal whatever order the stages emitted it in.
Json reindexed(Json q, const std::vector<int64_t>& new_index, const std::vector<int64_t>& rep) {
  auto map_line = [&](Json& holder) {
    holder["line"] = rep[static_cast<size_t>(new_index[static_cast<size_t>(holder["line"].get<int64_t>())])];
  };
  for (Json& store : q["pickup"]["stores"]) {
    for (Json& l : store["lines"]) map_line(l);
    sort_list(store["lines"]);
  }
  for (Json& m : q["messages"]) {
    if (m.contains("line")) map_line(m);
  }
  sort_list(q["messages"]);
  Json lines = Json::array();
  for (size_t i = 0; i < new_index.size(); ++i) lines.push_back(Json());
  for (size_t j = 0; j < new_index.size(); ++j) {
    Json line = q["lines"][j];
    line["index"] = new_index[j];
    lines[static_cast<size_t>(new_index[j])] = std::move(line);
  }
  q["lines"] = std::move(lines);
  q.erase("fingerprint");
  return q;
}

// Keeps of the pickup stock draw only what no line order can change: per
// store, each line's request and the units available per SKU in total
// (min(total requested, units offered)); drops the shortfall messages, whose
// line and "N of M" depend on which line drew first.
Json without_per_line_draws(Json q) {
  for (Json& store : q["pickup"]["stores"]) {
    std::map<std::string, int64_t> available_by_sku;
    for (Json& l : store["lines"]) {
      const std::string sku = q["lines"][static_cast<size_t>(l["line"].get<int64_t>())]["sku"].get<std::string>();
      available_by_sku[sku] += l["available"].get<int64_t>();
      l.erase("available");
    }
    sort_list(store["lines"]);
    store["available_by_sku"] = available_by_sku;
  }
  Json kept = Json::array();
  for (const Json& m : q["messages"]) {
    if (m.at("code") != "pickup_insufficient_stock") kept.push_back(m);
  }
  q["messages"] = std::move(kept);
  return q;
}

}  // namespace

std::string line_order_difference(const Json& original_quote, const Json& permuted_quote,
                                  const std::vector<size_t>& order, LineOrderComparison what) {
  const size_t n = order.size();
  std::string why;
  const std::vector<int64_t> to_permuted = match_lines(original_quote.at("lines"), permuted_quote.at("lines"), order, why);
  if (to_permuted.empty() && n > 0) return why;
  std::vector<int64_t> to_original(n), identity(n);
  for (size_t i = 0; i < n; ++i) {
    to_original[static_cast<size_t>(to_permuted[i])] = static_cast<int64_t>(i);
    identity[i] = static_cast<int64_t>(i);
  }
  const std::vector<int64_t> rep = interchangeable_representative(original_quote.at("lines"));
  Json expected = reindexed(original_quote, identity, rep);
  Json actual = reindexed(permuted_quote, to_original, rep);
  if (!what.per_line_pickup) {
    expected = without_per_line_draws(std::move(expected));
    actual = without_per_line_draws(std::move(actual));
  }
  // Part by part, so a failure names the part that moved.
  for (const auto& [part, value] : expected.items()) {
    if (!actual.contains(part) || actual.at(part) != value) {
      return part + " differ after permuting the cart as " + Json(order).dump() + "\n  original: " + value.dump() +
             "\n  permuted: " + (actual.contains(part) ? actual.at(part).dump() : "(missing)");
    }
  }
  if (expected != actual) return "the permuted quote has parts the original lacks: " + actual.dump();
  return "";
}

std::vector<size_t> permutation_between(const Json& original_lines, const Json& permuted_lines) {
  const size_t n = original_lines.size();
  if (permuted_lines.size() != n) return {};
  std::vector<size_t> order(n);
  std::vector<bool> used(n, false);
  for (size_t k = 0; k < n; ++k) {
    size_t i = 0;
    while (i < n && (used[i] || original_lines[i] != permuted_lines[k])) ++i;
    if (i == n) return {};
    order[k] = i;
    used[i] = true;
  }
  return order;
}

}  // namespace property
