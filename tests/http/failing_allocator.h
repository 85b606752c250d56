// A test-only global operator new that can be told to fail: every
// allocation of at least N bytes throws std::bad_alloc while armed, as a
// real allocation does when the server hits its address-space limit.
// Not available under AddressSanitizer, which owns operator new.
#pragma once
#include <cstddef>

namespace failing_allocator {

bool available();
void fail_from(std::size_t bytes);  // arm: allocations >= bytes throw
void allow_all();                   // disarm

}  // namespace failing_allocator
