// Checks a {"cart", "context"} document by every rule Engine::quote applies
// before it prices (known fields only, types, ranges, references into the
// catalog), without pricing it. For a server that replaces parts of a
// client's document (its own clock, the destination of a shipping address):
// what the client sent is refused by the core's rules, with the core's code,
// message and JSON Pointer, before anything of it is replaced.
#pragma once
#include <optional>

#include <nlohmann/json.hpp>

#include "checkout/engine.h"
#include "checkout/error.h"

namespace checkout {

std::optional<Error> check_request(const Engine& engine, const nlohmann::json& cart_and_context);

}  // namespace checkout
