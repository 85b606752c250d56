#include "storage_fault.h"

#include <sqlite3.h>

#include "api_support.h"

namespace server {

std::optional<StorageFault::Kind> storage_fault_kind(int sqlite_code) {
  switch (sqlite_code & 0xff) {  // the primary code of an extended one
    case SQLITE_FULL:
      return StorageFault::Kind::full;
    case SQLITE_READONLY:
      return StorageFault::Kind::read_only;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_BUSY:  // still locked after busy_timeout
    case SQLITE_LOCKED:
    case SQLITE_PROTOCOL:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return StorageFault::Kind::unavailable;
    default:
      return std::nullopt;
  }
}

http::Response storage_fault_response(const StorageFault& fault) {
  struct Answer {
    const char* code;
    const char* message;
    int64_t retry_after;  // seconds
  };
  Answer a{"storage_unavailable", "The store cannot reach its records right now; nothing was saved. Please try again shortly.", 5};
  if (fault.kind() == StorageFault::Kind::full)
    a = {"storage_full", "The store's storage is full; nothing was saved. Please try again later.", 30};
  else if (fault.kind() == StorageFault::Kind::read_only)
    a = {"storage_read_only", "The store's records are read-only right now; nothing was saved. Please try again later.", 30};
  http::Response response = api_error(503, a.code, a.message, "", Json{{"retry_after", a.retry_after}});
  response.headers.emplace_back("Retry-After", std::to_string(a.retry_after));
  return response;
}

}  // namespace server
