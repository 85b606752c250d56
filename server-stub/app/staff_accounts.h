// Staff accounts, their sign-in links and sessions, and the log of what each
// account did: the rules, written once; the SQL is a StaffStorage
// (storage/staff_storage.h) on SQLite or PostgreSQL.
//
// Secrets are never stored: passwords as Argon2id strings (libsodium's
// crypto_pwhash_str), sign-in links and session tokens (32 random bytes from
// randombytes_buf) as their BLAKE2b hash. All crypto is libsodium's.
// Nothing is cached: every authenticate() asks the database, so a revoke or
// sign-out made by any instance holds on every instance's next request.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "staff_storage.h"

namespace server {

struct StaffSession {
  std::string token;        // handed to the client once, never stored
  StaffPrincipal principal;
};

class StaffAccounts {
 public:
  static constexpr int64_t kSessionSeconds = 12 * 3600;  // a working day, then sign in again
  static constexpr int64_t kLinkSeconds = 24 * 3600;
  static constexpr size_t kMinPassword = 12, kMaxPassword = 256;

  // `db`: a SQLite path (or sqlite:PATH; "" keeps the tables in memory, for
  // tests) or a postgresql:// URL (PostgreSQL, shared by every instance).
  // Throws std::runtime_error when libsodium or the database cannot be
  // opened (StorageFault when PostgreSQL cannot be reached).
  StaffAccounts(const std::string& db, std::function<int64_t()> clock);
  StaffAccounts(std::unique_ptr<StaffStorage> storage, std::function<int64_t()> clock);

  int64_t count();
  // nullopt when the username is taken. `store` is ignored for admins.
  std::optional<StaffAccount> create(const std::string& username, StaffRole role, const std::string& store,
                                     const std::optional<std::string>& password);
  std::optional<StaffAccount> find(const std::string& username);
  std::optional<StaffAccount> find_id(int64_t account_id);
  std::vector<StaffAccount> list();
  // Revokes the account and every session and link it has. False when unknown.
  bool revoke(int64_t account_id);
  bool set_password(int64_t account_id, const std::string& password);

  // A one-time sign-in link token for the account (valid kLinkSeconds).
  std::string issue_link(int64_t account_id);
  // Uses a link up: a session, or nullopt when unknown, used, expired or
  // revoked. Of concurrent uses of one link, on any instances, one wins.
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
  std::function<int64_t()> clock_;
  std::unique_ptr<StaffStorage> storage_;
};

}  // namespace server
