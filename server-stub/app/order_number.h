// Short order numbers people can read out over the phone or at the counter:
// "7KQ-M4T", six symbols from an alphabet without 0/O and 1/I (2^30
// numbers). Unique per merchant: storage draws again on a collision.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace server {

std::string random_order_number();

// What a shopper typed ("7kq m4t", "7KQM4T") in the one written form, or
// nullopt when it cannot be an order number.
std::optional<std::string> normal_order_number(std::string_view typed);

}  // namespace server
