#include "client_address.h"

#include <algorithm>

namespace server {
namespace {

std::string trimmed(const std::string& s, size_t begin, size_t end) {
  while (begin < end && (s[begin] == ' ' || s[begin] == '\t')) ++begin;
  while (end > begin && (s[end - 1] == ' ' || s[end - 1] == '\t')) --end;
  return s.substr(begin, end - begin);
}

// An address as proxies write it: digits, hex, '.', ':' (IPv4 or IPv6), at most 45 characters.
bool plausible_address(const std::string& a) {
  if (a.empty() || a.size() > 45) return false;
  return std::all_of(a.begin(), a.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
  });
}

}  // namespace

bool TrustedProxies::trusts(const std::string& address) const {
  return std::find(addresses.begin(), addresses.end(), address) != addresses.end();
}

std::string client_address(const std::string& peer, const std::string* forwarded_for, const TrustedProxies& proxies) {
  if (forwarded_for == nullptr || !proxies.trusts(peer)) return peer;
  std::string client = peer;
  size_t end = forwarded_for->size();
  for (;;) {
    const size_t comma = end == 0 ? std::string::npos : forwarded_for->rfind(',', end - 1);
    const size_t begin = comma == std::string::npos ? 0 : comma + 1;
    const std::string entry = trimmed(*forwarded_for, begin, end);
    // A malformed entry ends the walk: the last trusted hop is the answer.
    if (!plausible_address(entry)) return client;
    client = entry;
    if (!proxies.trusts(entry) || comma == std::string::npos) return client;
    end = comma;
  }
}

}  // namespace server
