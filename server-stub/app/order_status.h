// The life of a pickup order, as store staff move it along:
//   placed -> ready_for_pickup -> picked_up
//   placed | ready_for_pickup -> cancelled
//   ready_for_pickup -> lapsed     (not collected before the store's hold ended:
//                                   the server does this, never staff; pickup_holds.h)
// Stock follows each step (see docs/api.md "Stock model").
#pragma once
#include <optional>
#include <string_view>

namespace server {

enum class OrderStatus { Placed, ReadyForPickup, PickedUp, Cancelled, Lapsed };

const char* order_status_name(OrderStatus s);  // "placed", "ready_for_pickup", "picked_up", "cancelled", "lapsed"
std::optional<OrderStatus> parse_order_status(std::string_view name);
bool transition_allowed(OrderStatus from, OrderStatus to);

}  // namespace server
