// The sign-in throttle's counter rows in PostgreSQL (signin_throttle.h).
#include <atomic>
#include <map>
#include <utility>
#include <vector>

#include "pg_db.h"
#include "pg_schema.h"
#include "signin_throttle.h"

namespace server {
namespace {

// The database's clock, so that instances whose clocks differ agree on the window.
constexpr const char* kNowMinute = "floor(extract(epoch FROM clock_timestamp()) / 60)::bigint";

class PostgresSignInThrottle final : public SignInThrottle {
 public:
  explicit PostgresSignInThrottle(PostgresOptions options) : options_(std::move(options)), pool_(options_) {
    auto c = pool_.lease();
    migrate_staff(*c);
  }

  std::optional<int64_t> blocked_for(const std::string& client, const std::string& username) override {
    const std::string user_subject = username.empty() ? "" : "user:" + username;
    const std::string client_subject = "client:" + client;
    // The database's clock and both subjects' minutes still in the window.
    auto [now_ms, minutes] = pool_.once([&](PgConnection& db) {
      PgResult r = db.exec(
          "WITH now AS (SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms) "
          "SELECT now.ms, f.subject, f.minute, f.failures FROM now LEFT JOIN staff_signin_failures f "
          "ON f.subject IN ($1, $2) AND f.minute > now.ms / 60000 - $3::bigint ORDER BY f.subject, f.minute",
          {client_subject, user_subject, kSignInWindowMinutes});
      std::map<std::string, std::vector<MinuteFailures>> by_subject;
      for (int row = 0; row < r.rows(); ++row) {
        if (!r.is_null(row, 1)) by_subject[r.text(row, 1)].push_back(MinuteFailures{r.int64(row, 2), r.int64(row, 3)});
      }
      return std::make_pair(r.int64(0, 0), std::move(by_subject));
    });
    return longer_wait(signin_wait_ms(minutes[client_subject], kSignInFailuresPerClient, now_ms),
                       user_subject.empty() ? std::nullopt
                                            : signin_wait_ms(minutes[user_subject], kSignInFailuresPerUser, now_ms));
  }

  void record_failure(const std::string& client, const std::string& username) override {
    const std::string user_subject = username.empty() ? "" : "user:" + username;
    pool_.once([&](PgConnection& db) {
      return db.exec(std::string("INSERT INTO staff_signin_failures (subject, minute, failures) "
                                 "SELECT s, ") + kNowMinute + ", 1 FROM (VALUES ($1), ($2)) AS v (s) WHERE s <> '' "
                     "ON CONFLICT (subject, minute) DO UPDATE SET failures = staff_signin_failures.failures + 1",
                     {"client:" + client, user_subject})
          .affected();
    });
    // Minutes past the window decide nothing: pruned now and then.
    if (++records_ % 64 == 0) {
      pool_.once([&](PgConnection& db) {
        return db.exec(std::string("DELETE FROM staff_signin_failures WHERE minute <= ") + kNowMinute +
                           " - $1::bigint",
                       {kSignInWindowMinutes})
            .affected();
      });
    }
  }

 private:
  const PostgresOptions options_;  // the pool keeps a reference
  PgPool pool_;
  std::atomic<int64_t> records_{0};
};

}  // namespace

std::unique_ptr<SignInThrottle> make_postgres_signin_throttle(const std::string& url) {
  PostgresOptions options;
  options.url = url;
  options.connections = 1;  // failed sign-ins are rare, and slow by design (Argon2id)
  return std::make_unique<PostgresSignInThrottle>(options);
}

}  // namespace server
