// Faults of the database itself, not of the request: the disk is full, the
// file became read-only, or the database cannot be reached. They are
// answered `503` with a code, a message for people and Retry-After, never
// `500 internal`: the transaction rolled back, nothing was half-written, and
// the same request succeeds once the fault is gone (docs/api.md).
#pragma once
#include <optional>
#include <stdexcept>
#include <string>

#include "http_server.h"

namespace server {

class StorageFault : public std::runtime_error {
 public:
  enum class Kind { full, read_only, unavailable };
  StorageFault(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// The fault an SQLite result code means, if it is one (other codes are bugs).
std::optional<StorageFault::Kind> storage_fault_kind(int sqlite_code);

http::Response storage_fault_response(const StorageFault& fault);

}  // namespace server
