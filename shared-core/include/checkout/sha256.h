// SHA-256 (FIPS 180-4) in portable C++: the quote fingerprint must be the same
// bytes in the browser and on the server, so no platform crypto library.
#pragma once
#include <string>
#include <string_view>

namespace checkout {
std::string sha256_hex(std::string_view data);  // 64 lowercase hex digits
}
