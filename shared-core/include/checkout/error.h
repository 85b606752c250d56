// A structured input error: what was wrong and where.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace checkout {

// A value a message, a rejected code or an error is about, so a client can say
// it in the shopper's language: an amount in minor units or a count (number),
// a SKU, a name or an instant (text). Names are literals of the core.
struct Param {
  std::string name;
  std::string text;
  int64_t number = 0;
  bool is_number = false;
};
inline Param number_param(std::string name, int64_t value) { return Param{std::move(name), {}, value, true}; }
inline Param text_param(std::string name, std::string value) { return Param{std::move(name), std::move(value), 0, false}; }

struct Error {
  std::string code;     // stable machine-readable code, e.g. "invalid_quantity"
  std::string message;  // one human sentence saying what was wrong
  std::string path;     // JSON Pointer into the request, e.g. "/cart/lines/2/quantity"
  std::vector<Param> params = {};  // what the sentence names (written as "params"), e.g. max: 5, sku: "TEE-M"
};

}  // namespace checkout
