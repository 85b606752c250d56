// A value or an error, in the manner of absl::StatusOr / Draco's StatusOr:
// what every public entry point of the core returns instead of throwing.
#pragma once
#include <utility>
#include <variant>

#include "checkout/error.h"

namespace checkout {

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error e) : v_(std::move(e)) {}
  bool ok() const { return v_.index() == 0; }
  const T& value() const { return std::get<0>(v_); }
  T& value() { return std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace checkout
