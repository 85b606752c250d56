// check_request (include/checkout/request_check.h): the loaders of
// Engine::quote, run for their errors alone.
#include "checkout/request_check.h"

#include <exception>

#include "error.h"
#include "json_reader.h"
#include "model.h"
#include "request_loader.h"

namespace checkout {

std::optional<Error> check_request(const Engine& engine, const nlohmann::json& cart_and_context) {
  try {
    JsonReader root(cart_and_context, "");
    root.expect_only({"cart", "context"});
    load_cart(root.field("cart").json(), engine.catalog(), "/cart");
    load_context(root.field("context").json(), engine.catalog(), "/context");
    return std::nullopt;
  } catch (const InputError& e) {
    return e.error();
  } catch (const std::exception&) {
    return Error{err::internal, "Internal error while checking the request.", ""};
  }
}

}  // namespace checkout
