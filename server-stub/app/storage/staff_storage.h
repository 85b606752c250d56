// Staff accounts, their sign-in links and sessions, and the log of what each
// account did, behind one narrow interface: the SQL half of staff_accounts.h.
// A contract with two implementations, checked by one test suite
// (tests/server_unit/staff_storage_contract_test.cpp): SQLite
// (sqlite/sqlite_staff.cpp, a file of one machine) and PostgreSQL
// (postgres/pg_staff.cpp, shared by every instance of a fleet). What is not
// SQL (Argon2id, token hashing, lifetimes) is written once, in
// staff_accounts.cpp; a backend stores and compares only hashes and times.
//
// Each guarantee is one statement (or one transaction on SQLite, whose one
// writer serialises them):
//   a sign-in link is exchanged for a session at most once, however many
//     instances race with it (the link's end is the conditional update);
//   a session authenticates only while it is live AND its account is not
//     revoked, read from the database on every request: a revoke on one
//     instance is refused by every instance on the next request. Nothing
//     caches a session.
// Times are unix seconds from the caller's clock.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage.h"

namespace server {

enum class StaffRole { Admin, Store };
const char* staff_role_name(StaffRole role);  // "admin" | "store"

struct StaffAccount {
  int64_t id = 0;
  std::string username;
  StaffRole role = StaffRole::Store;
  std::string store;        // the store a Store account acts for; "" for admins
  bool has_password = false;
  bool revoked = false;
  int64_t created_at = 0;
};

// A signed-in account, as a request's credentials resolved it.
struct StaffPrincipal {
  StaffAccount account;
  std::string token_hash;   // of the session, to sign it out
  int64_t expires_at = 0;
};

struct StaffAction {
  int64_t id = 0, at = 0, account_id = 0;
  std::string username, method, path;
  int32_t status = 0;
};

// An account with its stored Argon2id string ("" when it has no password).
struct StaffCredentialRow {
  StaffAccount account;
  std::string password_hash;
};

class StaffStorage {
 public:
  virtual ~StaffStorage() = default;

  virtual int64_t count() = 0;
  // nullopt when the username is taken, also by a concurrent insert on
  // another instance. `store` is "" for admins.
  virtual std::optional<StaffAccount> insert_account(const std::string& username, StaffRole role,
                                                     const std::string& store,
                                                     const std::optional<std::string>& password_hash, int64_t now) = 0;
  virtual std::optional<StaffCredentialRow> find(const std::string& username) = 0;
  virtual std::optional<StaffAccount> find_id(int64_t account_id) = 0;
  virtual std::vector<StaffAccount> list() = 0;  // by id
  // Marks the account revoked (keeping the first time) and ends every live
  // link and session it has. False when the id is unknown.
  virtual bool revoke(int64_t account_id, int64_t now) = 0;
  // False when the account is unknown or revoked.
  virtual bool set_password_hash(int64_t account_id, const std::string& password_hash) = 0;

  virtual void insert_link(const std::string& link_hash, int64_t account_id, int64_t now, int64_t expires_at) = 0;
  virtual void insert_session(const std::string& session_hash, int64_t account_id, int64_t now,
                              int64_t expires_at) = 0;
  // Ends the link if it is live (not used, now < expires_at, its account
  // not revoked) and opens session `session_hash` for its account, as one
  // step: of any number of concurrent calls with one link, one gets the
  // account and the rest nullopt.
  virtual std::optional<StaffAccount> exchange_link(const std::string& link_hash, const std::string& session_hash,
                                                    int64_t now, int64_t session_expires_at) = 0;
  // The live session (now < expires_at, not ended, account not revoked).
  virtual std::optional<StaffPrincipal> session(const std::string& session_hash, int64_t now) = 0;
  virtual void end_session(const std::string& session_hash, int64_t now) = 0;

  virtual void record_action(int64_t account_id, const std::string& method, const std::string& path, int32_t status,
                             int64_t now) = 0;
  virtual std::vector<StaffAction> actions(int32_t limit) = 0;  // newest first
};

// `path` "" keeps the tables in memory (tests). The tables are created when
// missing, in the server's own SQLite file or a file of their own.
std::unique_ptr<StaffStorage> open_sqlite_staff_storage(const std::string& path);
// The staff tables (their own numbered migrations, pg_schema.h) in the
// database `options.url` names; instances share them.
std::unique_ptr<StaffStorage> open_postgres_staff_storage(const PostgresOptions& options);

}  // namespace server
