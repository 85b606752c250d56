// The life of a pickup order, as store staff move it along:
//   placed -> ready_for_pickup -> picked_up
//   placed | ready_for_pickup -> cancelled
// Stock follows each step (see docs/api.md "Stock model").
#pragma once
#include <optional>
#include <string_view>

namespace server {

enum class OrderStatus { Placed, ReadyForPickup, PickedUp, Cancelled };

const char* order_status_name(OrderStatus s);  // "placed", "ready_for_pickup", "picked_up", "cancelled"
std::optional<OrderStatus> parse_order_status(std::string_view name);
bool transition_allowed(OrderStatus from, OrderStatus to);

}  // namespace server
