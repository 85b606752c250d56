// The PostgreSQL a server unit test may use: CHECKOUT_TEST_DATABASE_URL, set
// by scripts/lib/with-postgres.sh. Without it a PostgreSQL case skips when run
// by hand, but fails under CHECKOUT_TEST_REQUIRE_POSTGRES=1 (the suites that
// start PostgreSQL): a case that cannot run must never pass as skipped there.
#pragma once
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

namespace server {

inline std::string postgres_url() {
  const char* url = std::getenv("CHECKOUT_TEST_DATABASE_URL");
  return url != nullptr ? url : "";
}

inline bool postgres_required() {
  const char* require = std::getenv("CHECKOUT_TEST_REQUIRE_POSTGRES");
  return require != nullptr && std::string(require) == "1";
}

}  // namespace server

// In a test body or SetUp: skips (or, when required, fails) without PostgreSQL.
#define SKIP_OR_FAIL_WITHOUT_POSTGRES()                                                           \
  do {                                                                                            \
    if (::server::postgres_url().empty()) {                                                       \
      if (::server::postgres_required()) FAIL() << "CHECKOUT_TEST_DATABASE_URL is not set";       \
      GTEST_SKIP() << "no PostgreSQL: set CHECKOUT_TEST_DATABASE_URL (scripts/lib/with-postgres.sh)"; \
    }                                                                                             \
  } while (0)
