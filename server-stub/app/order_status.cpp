#include "order_status.h"

namespace server {

const char* order_status_name(OrderStatus s) {
  switch (s) {
    case OrderStatus::Placed: return "placed";
    case OrderStatus::ReadyForPickup: return "ready_for_pickup";
    case OrderStatus::PickedUp: return "picked_up";
    case OrderStatus::Cancelled: return "cancelled";
    case OrderStatus::Lapsed: return "lapsed";
  }
  return "placed";
}

std::optional<OrderStatus> parse_order_status(std::string_view name) {
  if (name == "placed") return OrderStatus::Placed;
  if (name == "ready_for_pickup") return OrderStatus::ReadyForPickup;
  if (name == "picked_up") return OrderStatus::PickedUp;
  if (name == "cancelled") return OrderStatus::Cancelled;
  if (name == "lapsed") return OrderStatus::Lapsed;
  return std::nullopt;
}

bool transition_allowed(OrderStatus from, OrderStatus to) {
  switch (to) {
    case OrderStatus::ReadyForPickup: return from == OrderStatus::Placed;
    case OrderStatus::PickedUp: return from == OrderStatus::ReadyForPickup;
    // A handed-over order is a return, not a cancellation.
    case OrderStatus::Cancelled: return from == OrderStatus::Placed || from == OrderStatus::ReadyForPickup;
    // Only an order the shopper was told is waiting can be left uncollected.
    case OrderStatus::Lapsed: return from == OrderStatus::ReadyForPickup;
    case OrderStatus::Placed: return false;
  }
  return false;
}

}  // namespace server
