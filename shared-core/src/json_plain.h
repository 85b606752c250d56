// The fast path of parse_json_strict (json_plain.cpp): the DOM of a document
// that breaks none of the strict rules, or nullopt, and then the full parser
// runs and reports the error. Floats also decline (the full parser reads them).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "json_strict.h"

namespace checkout {

std::optional<Json> parse_plain_json(std::string_view text, int32_t max_depth);

}  // namespace checkout
