// The staff tables in PostgreSQL, shared by every instance: each call is one
// statement on a small pool of its own (staff requests are few; an order
// never waits behind one). Under READ COMMITTED a conditional UPDATE that
// loses a race re-reads the row it waited for and finds its condition
// false, which is what makes a link single-use across instances.
#include <memory>

#include "pg_db.h"
#include "pg_schema.h"
#include "staff_storage.h"

namespace server {
namespace {

// Booleans as 0/1: libpq's text form of a boolean is "t"/"f".
constexpr const char* kAccountColumns =
    "SELECT id, username, role, store, (password_hash IS NOT NULL)::int, (revoked_at IS NOT NULL)::int, created_at, "
    "coalesce(password_hash, '') FROM staff_accounts";

StaffAccount read_account(const PgResult& r, int row, int first = 0) {
  StaffAccount a;
  a.id = r.int64(row, first);
  a.username = r.text(row, first + 1);
  a.role = r.text(row, first + 2) == "admin" ? StaffRole::Admin : StaffRole::Store;
  a.store = r.text(row, first + 3);
  a.has_password = r.int64(row, first + 4) != 0;
  a.revoked = r.int64(row, first + 5) != 0;
  a.created_at = r.int64(row, first + 6);
  return a;
}

class PgStaffStorage final : public StaffStorage {
 public:
  explicit PgStaffStorage(PostgresOptions options) : options_(std::move(options)), pool_(options_) {
    auto c = pool_.lease();
    migrate_staff(*c);
  }

  int64_t count() override {
    return pool_.once([&](PgConnection& db) { return db.exec("SELECT count(*) FROM staff_accounts").int64(0, 0); });
  }

  std::optional<StaffAccount> insert_account(const std::string& username, StaffRole role, const std::string& store,
                                             const std::optional<std::string>& password_hash, int64_t now) override {
    return pool_.once([&](PgConnection& db) -> std::optional<StaffAccount> {
      PgResult r = db.exec(
          "INSERT INTO staff_accounts (username, role, store, password_hash, created_at) "
          "VALUES ($1, $2, $3, $4, $5::bigint) ON CONFLICT (username) DO NOTHING RETURNING id",
          {username, staff_role_name(role), store, PgParam::optional(password_hash), now});
      if (r.rows() != 1) return std::nullopt;
      return StaffAccount{r.int64(0, 0), username, role, store, password_hash.has_value(), false, now};
    });
  }

  std::optional<StaffCredentialRow> find(const std::string& username) override {
    return pool_.once([&](PgConnection& db) -> std::optional<StaffCredentialRow> {
      PgResult r = db.exec(std::string(kAccountColumns) + " WHERE username = $1", {username});
      if (r.rows() != 1) return std::nullopt;
      return StaffCredentialRow{read_account(r, 0), r.text(0, 7)};
    });
  }

  std::optional<StaffAccount> find_id(int64_t account_id) override {
    return pool_.once([&](PgConnection& db) -> std::optional<StaffAccount> {
      PgResult r = db.exec(std::string(kAccountColumns) + " WHERE id = $1::bigint", {account_id});
      if (r.rows() != 1) return std::nullopt;
      return read_account(r, 0);
    });
  }

  std::vector<StaffAccount> list() override {
    return pool_.once([&](PgConnection& db) {
      PgResult r = db.exec(std::string(kAccountColumns) + " ORDER BY id");
      std::vector<StaffAccount> out;
      for (int row = 0; row < r.rows(); ++row) out.push_back(read_account(r, row));
      return out;
    });
  }

  bool revoke(int64_t account_id, int64_t now) override {
    // One statement: the account and its live tokens end together. A link
    // exchanged concurrently may still open a session row, but session()
    // refuses every session of a revoked account.
    return pool_.once([&](PgConnection& db) {
      return db.exec("WITH account AS (UPDATE staff_accounts SET revoked_at = coalesce(revoked_at, $2::bigint) "
                     "WHERE id = $1::bigint RETURNING id), "
                     "ended AS (UPDATE staff_tokens SET ended_at = $2::bigint "
                     "WHERE account_id IN (SELECT id FROM account) AND ended_at IS NULL) "
                     "SELECT count(*) FROM account",
                     {account_id, now})
                 .int64(0, 0) == 1;
    });
  }

  bool set_password_hash(int64_t account_id, const std::string& password_hash) override {
    return pool_.once([&](PgConnection& db) {
      return db.exec("UPDATE staff_accounts SET password_hash = $2 WHERE id = $1::bigint AND revoked_at IS NULL",
                     {account_id, password_hash})
                 .affected() == 1;
    });
  }

  void insert_link(const std::string& link_hash, int64_t account_id, int64_t now, int64_t expires_at) override {
    insert_token(link_hash, "link", account_id, now, expires_at);
  }

  void insert_session(const std::string& session_hash, int64_t account_id, int64_t now, int64_t expires_at) override {
    insert_token(session_hash, "session", account_id, now, expires_at);
  }

  std::optional<StaffAccount> exchange_link(const std::string& link_hash, const std::string& session_hash, int64_t now,
                                            int64_t session_expires_at) override {
    // The link's end and the session's start are one statement: a
    // concurrent exchange of the same link waits for this row, re-checks
    // ended_at IS NULL and changes nothing, so it opens no session either.
    return pool_.once([&](PgConnection& db) -> std::optional<StaffAccount> {
      PgResult r = db.exec(
          "WITH link AS (UPDATE staff_tokens t SET ended_at = $2::bigint FROM staff_accounts a "
          "WHERE t.token_hash = $1 AND t.kind = 'link' AND t.ended_at IS NULL AND t.expires_at > $2::bigint "
          "AND a.id = t.account_id AND a.revoked_at IS NULL "
          "RETURNING a.id, a.username, a.role, a.store, (a.password_hash IS NOT NULL)::int AS has_password, "
          "a.created_at), "
          "opened AS (INSERT INTO staff_tokens (token_hash, kind, account_id, created_at, expires_at) "
          "SELECT $3, 'session', id, $2::bigint, $4::bigint FROM link) "
          "SELECT id, username, role, store, has_password, 0, created_at FROM link",
          {link_hash, now, session_hash, session_expires_at});
      if (r.rows() != 1) return std::nullopt;
      return read_account(r, 0);
    });
  }

  std::optional<StaffPrincipal> session(const std::string& session_hash, int64_t now) override {
    return pool_.once([&](PgConnection& db) -> std::optional<StaffPrincipal> {
      PgResult r = db.exec(
          "SELECT a.id, a.username, a.role, a.store, (a.password_hash IS NOT NULL)::int, 0, a.created_at, "
          "t.token_hash, t.expires_at FROM staff_tokens t JOIN staff_accounts a ON a.id = t.account_id "
          "WHERE t.token_hash = $1 AND t.kind = 'session' AND t.ended_at IS NULL AND t.expires_at > $2::bigint "
          "AND a.revoked_at IS NULL",
          {session_hash, now});
      if (r.rows() != 1) return std::nullopt;
      StaffPrincipal p;
      p.account = read_account(r, 0);
      p.token_hash = r.text(0, 7);
      p.expires_at = r.int64(0, 8);
      return p;
    });
  }

  void end_session(const std::string& session_hash, int64_t now) override {
    pool_.once([&](PgConnection& db) {
      return db.exec("UPDATE staff_tokens SET ended_at = $2::bigint "
                     "WHERE token_hash = $1 AND kind = 'session' AND ended_at IS NULL",
                     {session_hash, now})
          .affected();
    });
  }

  void record_action(int64_t account_id, const std::string& method, const std::string& path, int32_t status,
                     int64_t now) override {
    pool_.once([&](PgConnection& db) {
      return db.exec("INSERT INTO staff_actions (at, account_id, method, path, status) "
                     "VALUES ($1::bigint, $2::bigint, $3, $4, $5::integer)",
                     {now, account_id, method, path, status})
          .affected();
    });
  }

  std::vector<StaffAction> actions(int32_t limit) override {
    return pool_.once([&](PgConnection& db) {
      PgResult r = db.exec(
          "SELECT x.id, x.at, x.account_id, a.username, x.method, x.path, x.status FROM staff_actions x "
          "JOIN staff_accounts a ON a.id = x.account_id ORDER BY x.id DESC LIMIT $1::integer",
          {limit});
      std::vector<StaffAction> out;
      for (int row = 0; row < r.rows(); ++row) {
        out.push_back(StaffAction{r.int64(row, 0), r.int64(row, 1), r.int64(row, 2), r.text(row, 3), r.text(row, 4),
                                  r.text(row, 5), static_cast<int32_t>(r.int64(row, 6))});
      }
      return out;
    });
  }

 private:
  void insert_token(const std::string& hash, const char* kind, int64_t account_id, int64_t now, int64_t expires_at) {
    pool_.once([&](PgConnection& db) {
      return db.exec("INSERT INTO staff_tokens (token_hash, kind, account_id, created_at, expires_at) "
                     "VALUES ($1, $2, $3::bigint, $4::bigint, $5::bigint)",
                     {hash, kind, account_id, now, expires_at})
          .affected();
    });
  }

  const PostgresOptions options_;  // the pool keeps a reference
  PgPool pool_;
};

}  // namespace

std::unique_ptr<StaffStorage> open_postgres_staff_storage(const PostgresOptions& options) {
  return std::make_unique<PgStaffStorage>(options);
}

}  // namespace server
