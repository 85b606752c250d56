// The client's address for per-client limits (coupon guessing, staff
// sign-in, purchase limits by client): the TCP peer, unless the peer is a
// proxy the operator named (--trusted-proxy). Then X-Forwarded-For is read
// from the right: each proxy appends the address it received from, so the
// right-most entry that is not itself a trusted proxy is the first address
// no trusted party vouches beyond. Entries further left are whatever the
// client wrote and are never used. Without trusted proxies the header is
// ignored, so a client cannot pick its own address.
#pragma once
#include <string>
#include <vector>

namespace server {

struct TrustedProxies {
  std::vector<std::string> addresses;  // exact peer addresses, e.g. "127.0.0.1" (nginx on the same host)
  bool trusts(const std::string& address) const;
};

// `forwarded_for`: the X-Forwarded-For header, or nullptr.
std::string client_address(const std::string& peer, const std::string* forwarded_for, const TrustedProxies& proxies);

}  // namespace server
