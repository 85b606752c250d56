#include "failing_allocator.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define FAILING_ALLOCATOR_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FAILING_ALLOCATOR_OFF 1
#endif
#endif

namespace failing_allocator {
namespace {
std::atomic<std::size_t> g_fail_from{SIZE_MAX};
}  // namespace

void fail_from(std::size_t bytes) { g_fail_from.store(bytes); }
void allow_all() { g_fail_from.store(SIZE_MAX); }

#ifdef FAILING_ALLOCATOR_OFF
bool available() { return false; }
#else
bool available() { return true; }

void* allocate(std::size_t n) {
  if (n >= g_fail_from.load(std::memory_order_relaxed)) throw std::bad_alloc();
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
#endif

}  // namespace failing_allocator

#ifndef FAILING_ALLOCATOR_OFF
// The replaceable forms that libstdc++'s other forms (nothrow, sized) call.
void* operator new(std::size_t n) { return failing_allocator::allocate(n); }
void* operator new[](std::size_t n) { return failing_allocator::allocate(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif
