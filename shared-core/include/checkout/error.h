// A structured input error: what was wrong and where.
#pragma once
#include <string>

namespace checkout {

struct Error {
  std::string code;     // stable machine-readable code, e.g. "invalid_quantity"
  std::string message;  // one human sentence saying what was wrong
  std::string path;     // JSON Pointer into the request, e.g. "/cart/lines/2/quantity"
};

}  // namespace checkout
