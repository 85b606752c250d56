// The staff tables in SQLite: one connection behind a mutex, its own tables
// (staff_*) created when missing, in the server's file or one of their own.
// Several processes on one file are serialised by SQLite's write lock
// (BEGIN IMMEDIATE), which makes each transaction here one step.
#include <mutex>

#include "sqlite_db.h"
#include "staff_storage.h"

namespace server {
namespace {

const char* const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS staff_accounts (
  id            INTEGER PRIMARY KEY,
  username      TEXT    NOT NULL UNIQUE,
  role          TEXT    NOT NULL CHECK (role IN ('admin', 'store')),
  store         TEXT    NOT NULL,
  password_hash TEXT,
  revoked_at    INTEGER,
  created_at    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS staff_tokens (
  token_hash TEXT    PRIMARY KEY,
  kind       TEXT    NOT NULL CHECK (kind IN ('link', 'session')),
  account_id INTEGER NOT NULL REFERENCES staff_accounts (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ended_at   INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS staff_actions (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  account_id INTEGER NOT NULL REFERENCES staff_accounts (id),
  method     TEXT    NOT NULL,
  path       TEXT    NOT NULL,
  status     INTEGER NOT NULL
);
)sql";

constexpr const char* kAccountColumns =
    "SELECT id, username, role, store, password_hash IS NOT NULL, revoked_at IS NOT NULL, created_at, "
    "coalesce(password_hash, '') FROM staff_accounts";

StaffAccount read_account(const SqliteStatement& s) {
  StaffAccount a;
  a.id = s.int64(0);
  a.username = s.text(1);
  a.role = s.text(2) == "admin" ? StaffRole::Admin : StaffRole::Store;
  a.store = s.text(3);
  a.has_password = s.int64(4) != 0;
  a.revoked = s.int64(5) != 0;
  a.created_at = s.int64(6);
  return a;
}

class SqliteStaffStorage final : public StaffStorage {
 public:
  explicit SqliteStaffStorage(const std::string& path) : db_(path.empty() ? ":memory:" : path, true) {
    db_.exec("PRAGMA busy_timeout = 5000");
    db_.exec("PRAGMA foreign_keys = ON");
    WriteTransaction tx(db_);
    db_.exec(kSchema);
    tx.commit();
  }

  int64_t count() override {
    std::lock_guard<std::mutex> lock(mu_);
    SqliteStatement s = db_.prepare("SELECT count(*) FROM staff_accounts");
    s.step();
    return s.int64(0);
  }

  std::optional<StaffAccount> insert_account(const std::string& username, StaffRole role, const std::string& store,
                                             const std::optional<std::string>& password_hash, int64_t now) override {
    std::lock_guard<std::mutex> lock(mu_);
    db_.prepare(
           "INSERT INTO staff_accounts (username, role, store, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5) "
           "ON CONFLICT (username) DO NOTHING")
        .bind(1, username)
        .bind(2, staff_role_name(role))
        .bind(3, store)
        .bind_optional(4, password_hash)
        .bind(5, now)
        .run();
    if (db_.changes() != 1) return std::nullopt;
    return StaffAccount{db_.last_insert_rowid(), username, role, store, password_hash.has_value(), false, now};
  }

  std::optional<StaffCredentialRow> find(const std::string& username) override {
    std::lock_guard<std::mutex> lock(mu_);
    SqliteStatement s = db_.prepare(std::string(kAccountColumns) + " WHERE username = ?1");
    s.bind(1, username);
    if (!s.step()) return std::nullopt;
    return StaffCredentialRow{read_account(s), s.text(7)};
  }

  std::optional<StaffAccount> find_id(int64_t account_id) override {
    std::lock_guard<std::mutex> lock(mu_);
    SqliteStatement s = db_.prepare(std::string(kAccountColumns) + " WHERE id = ?1");
    s.bind(1, account_id);
    if (!s.step()) return std::nullopt;
    return read_account(s);
  }

  std::vector<StaffAccount> list() override {
    std::lock_guard<std::mutex> lock(mu_);
    SqliteStatement s = db_.prepare(std::string(kAccountColumns) + " ORDER BY id");
    std::vector<StaffAccount> out;
    while (s.step()) out.push_back(read_account(s));
    return out;
  }

  bool revoke(int64_t account_id, int64_t now) override {
    std::lock_guard<std::mutex> lock(mu_);
    WriteTransaction tx(db_);
    db_.prepare("UPDATE staff_accounts SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1")
        .bind(1, account_id)
        .bind(2, now)
        .run();
    if (db_.changes() != 1) return false;
    db_.prepare("UPDATE staff_tokens SET ended_at = ?2 WHERE account_id = ?1 AND ended_at IS NULL")
        .bind(1, account_id)
        .bind(2, now)
        .run();
    tx.commit();
    return true;
  }

  bool set_password_hash(int64_t account_id, const std::string& password_hash) override {
    std::lock_guard<std::mutex> lock(mu_);
    db_.prepare("UPDATE staff_accounts SET password_hash = ?2 WHERE id = ?1 AND revoked_at IS NULL")
        .bind(1, account_id)
        .bind(2, password_hash)
        .run();
    return db_.changes() == 1;
  }

  void insert_link(const std::string& link_hash, int64_t account_id, int64_t now, int64_t expires_at) override {
    std::lock_guard<std::mutex> lock(mu_);
    insert_token(link_hash, "link", account_id, now, expires_at);
  }

  void insert_session(const std::string& session_hash, int64_t account_id, int64_t now, int64_t expires_at) override {
    std::lock_guard<std::mutex> lock(mu_);
    insert_token(session_hash, "session", account_id, now, expires_at);
  }

  std::optional<StaffAccount> exchange_link(const std::string& link_hash, const std::string& session_hash, int64_t now,
                                            int64_t session_expires_at) override {
    std::lock_guard<std::mutex> lock(mu_);
    WriteTransaction tx(db_);
    // Ending the link is the conditional update itself: of two concurrent
    // uses exactly one changes the row.
    db_.prepare(
           "UPDATE staff_tokens SET ended_at = ?2 WHERE token_hash = ?1 AND kind = 'link' AND ended_at IS NULL "
           "AND expires_at > ?2 AND account_id IN (SELECT id FROM staff_accounts WHERE revoked_at IS NULL)")
        .bind(1, link_hash)
        .bind(2, now)
        .run();
    if (db_.changes() != 1) return std::nullopt;
    StaffAccount account;
    {
      SqliteStatement s =
          db_.prepare(std::string(kAccountColumns) + " WHERE id = (SELECT account_id FROM staff_tokens WHERE token_hash = ?1)");
      s.bind(1, link_hash);
      if (!s.step()) return std::nullopt;
      account = read_account(s);
    }
    insert_token(session_hash, "session", account.id, now, session_expires_at);
    tx.commit();
    return account;
  }

  std::optional<StaffPrincipal> session(const std::string& session_hash, int64_t now) override {
    std::lock_guard<std::mutex> lock(mu_);
    SqliteStatement s = db_.prepare(
        "SELECT a.id, a.username, a.role, a.store, a.password_hash IS NOT NULL, a.revoked_at IS NOT NULL, a.created_at, "
        "t.token_hash, t.expires_at FROM staff_tokens t JOIN staff_accounts a ON a.id = t.account_id "
        "WHERE t.token_hash = ?1 AND t.kind = 'session' AND t.ended_at IS NULL AND t.expires_at > ?2 "
        "AND a.revoked_at IS NULL");
    s.bind(1, session_hash).bind(2, now);
    if (!s.step()) return std::nullopt;
    StaffPrincipal p;
    p.account = read_account(s);
    p.token_hash = s.text(7);
    p.expires_at = s.int64(8);
    return p;
  }

  void end_session(const std::string& session_hash, int64_t now) override {
    std::lock_guard<std::mutex> lock(mu_);
    db_.prepare("UPDATE staff_tokens SET ended_at = ?2 WHERE token_hash = ?1 AND kind = 'session' AND ended_at IS NULL")
        .bind(1, session_hash)
        .bind(2, now)
        .run();
  }

  void record_action(int64_t account_id, const std::string& method, const std::string& path, int32_t status,
                     int64_t now) override {
    std::lock_guard<std::mutex> lock(mu_);
    db_.prepare("INSERT INTO staff_actions (at, account_id, method, path, status) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, now)
        .bind(2, account_id)
        .bind(3, method)
        .bind(4, path)
        .bind(5, int64_t{status})
        .run();
  }

  std::vector<StaffAction> actions(int32_t limit) override {
    std::lock_guard<std::mutex> lock(mu_);
    SqliteStatement s = db_.prepare(
        "SELECT x.id, x.at, x.account_id, a.username, x.method, x.path, x.status FROM staff_actions x "
        "JOIN staff_accounts a ON a.id = x.account_id ORDER BY x.id DESC LIMIT ?1");
    s.bind(1, int64_t{limit});
    std::vector<StaffAction> out;
    while (s.step()) {
      out.push_back(StaffAction{s.int64(0), s.int64(1), s.int64(2), s.text(3), s.text(4), s.text(5),
                                static_cast<int32_t>(s.int64(6))});
    }
    return out;
  }

 private:
  void insert_token(const std::string& hash, const char* kind, int64_t account_id, int64_t now, int64_t expires_at) {
    db_.prepare("INSERT INTO staff_tokens (token_hash, kind, account_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, hash)
        .bind(2, kind)
        .bind(3, account_id)
        .bind(4, now)
        .bind(5, expires_at)
        .run();
  }

  std::mutex mu_;  // one connection, one user at a time
  SqliteConnection db_;
};

}  // namespace

std::unique_ptr<StaffStorage> open_sqlite_staff_storage(const std::string& path) {
  return std::make_unique<SqliteStaffStorage>(path);
}

}  // namespace server
