// SHA-256 (FIPS 180-4), to recognise a retried request body under one
// Idempotency-Key without storing the body itself.
#pragma once
#include <string>
#include <string_view>

namespace server {

std::string sha256_hex(std::string_view data);  // 64 lower-case hex digits

}  // namespace server
