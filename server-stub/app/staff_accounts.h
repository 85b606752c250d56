// Staff accounts, their sign-in links and sessions, and the log of what each
// account did: its own tables (staff_*) in the server's database, on a
// connection of its own, so nothing here touches the order storage.
//
// Secrets are never stored: passwords as Argon2id strings (libsodium's
// crypto_pwhash_str), sign-in links and session tokens (32 random bytes from
// randombytes_buf) as their BLAKE2b hash. All crypto is libsodium's.
#pragma once
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sqlite_db.h"

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

struct StaffSession {
  std::string token;        // handed to the client once, never stored
  StaffPrincipal principal;
};

struct StaffAction {
  int64_t id = 0, at = 0, account_id = 0;
  std::string username, method, path;
  int32_t status = 0;
};

class StaffAccounts {
 public:
  static constexpr int64_t kSessionSeconds = 12 * 3600;  // a working day, then sign in again
  static constexpr int64_t kLinkSeconds = 24 * 3600;
  static constexpr size_t kMinPassword = 12, kMaxPassword = 256;

  // `db_path` "" keeps the tables in memory (tests). Throws std::runtime_error
  // when libsodium or the database cannot be opened.
  StaffAccounts(const std::string& db_path, std::function<int64_t()> clock);

  int64_t count();
  // nullopt when the username is taken. `store` is ignored for admins.
  std::optional<StaffAccount> create(const std::string& username, StaffRole role, const std::string& store,
                                     const std::optional<std::string>& password);
  std::optional<StaffAccount> find(const std::string& username);
  std::vector<StaffAccount> list();
  // Revokes the account and every session and link it has. False when unknown.
  bool revoke(int64_t account_id);
  bool set_password(int64_t account_id, const std::string& password);

  // A one-time sign-in link token for the account (valid kLinkSeconds).
  std::string issue_link(int64_t account_id);
  // Uses a link up: a session, or nullopt when unknown, used, expired or revoked.
  std::optional<StaffSession> consume_link(const std::string& link_token);
  // nullopt when the username is unknown, revoked, has no password or the
  // password is wrong (each costs one Argon2id verification, so timing does
  // not tell which).
  std::optional<StaffSession> sign_in(const std::string& username, const std::string& password);
  // The live session of this token, or nullopt (unknown, expired, signed out, revoked).
  std::optional<StaffPrincipal> authenticate(const std::string& session_token);
  void sign_out(const std::string& token_hash);

  void record_action(int64_t account_id, const std::string& method, const std::string& path, int32_t status);
  std::vector<StaffAction> actions(int32_t limit);  // newest first

 private:
  StaffSession open_session(const StaffAccount& account);

  std::function<int64_t()> clock_;
  std::mutex mu_;  // one connection, one user at a time
  SqliteConnection db_;
};

}  // namespace server
