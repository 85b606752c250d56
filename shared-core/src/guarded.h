// Runs the body of a public entry point and turns anything it throws into an
// Error: nothing may escape, because an exception crossing into JavaScript
// aborts the wasm module. An InputError keeps its code and path; anything
// else (bad_alloc included) becomes the caller's internal error.
#pragma once
#include <utility>

#include "checkout/result.h"
#include "error.h"

namespace checkout {

template <class T, class Body>
Result<T> guarded_call(Body&& body, Error (*internal_error)()) {
  try {
    return Result<T>(std::forward<Body>(body)());
  } catch (const InputError& e) {
    return Result<T>(e.error());
  } catch (...) {
    return Result<T>(internal_error());
  }
}

}  // namespace checkout
