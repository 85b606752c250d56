#include "staff_accounts.h"

#include <sodium.h>

#include <stdexcept>
#include <utility>

namespace server {
namespace {

// Argon2id at OWASP's minimum for interactive logins (19 MiB, 2 passes): a
// sign-in costs tens of milliseconds and 19 MiB, bounded by the worker count.
constexpr unsigned long long kPwhashOps = 2;
constexpr size_t kPwhashMem = 19u * 1024u * 1024u;

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
    "SELECT id, username, role, store, password_hash IS NOT NULL, revoked_at IS NOT NULL, created_at FROM staff_accounts";

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

std::string random_token() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

// Tokens carry 256 random bits, so a fast keyless hash is enough to make a
// stolen table useless; passwords get Argon2id instead.
std::string token_hash(const std::string& token) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::optional<std::string> hash_password(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kPwhashOps, kPwhashMem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return std::nullopt;  // out of memory
  }
  return std::string(out);
}

// A hash of a password no one has, verified against when the username is
// unknown so that the answer takes as long as for a real account.
const std::string& decoy_hash() {
  static const std::string decoy = hash_password(random_token()).value_or("");
  return decoy;
}

}  // namespace

const char* staff_role_name(StaffRole role) { return role == StaffRole::Admin ? "admin" : "store"; }

StaffAccounts::StaffAccounts(const std::string& db_path, std::function<int64_t()> clock)
    : clock_(std::move(clock)), db_(db_path.empty() ? ":memory:" : db_path, true) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
  db_.exec("PRAGMA busy_timeout = 5000");
  db_.exec("PRAGMA foreign_keys = ON");
  WriteTransaction tx(db_);
  db_.exec(kSchema);
  tx.commit();
}

int64_t StaffAccounts::count() {
  std::lock_guard<std::mutex> lock(mu_);
  SqliteStatement s = db_.prepare("SELECT count(*) FROM staff_accounts");
  s.step();
  return s.int64(0);
}

std::optional<StaffAccount> StaffAccounts::create(const std::string& username, StaffRole role, const std::string& store,
                                                  const std::optional<std::string>& password) {
  std::optional<std::string> hash;
  if (password) {
    hash = hash_password(*password);
    if (!hash) throw std::runtime_error("password hashing failed (out of memory)");
  }
  std::lock_guard<std::mutex> lock(mu_);
  WriteTransaction tx(db_);
  const int64_t now = clock_();
  {
    SqliteStatement s = db_.prepare("SELECT 1 FROM staff_accounts WHERE username = ?1");
    s.bind(1, username);
    if (s.step()) return std::nullopt;
  }
  db_.prepare("INSERT INTO staff_accounts (username, role, store, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, username)
      .bind(2, staff_role_name(role))
      .bind(3, role == StaffRole::Admin ? std::string() : store)
      .bind_optional(4, hash)
      .bind(5, now)
      .run();
  const int64_t id = db_.last_insert_rowid();
  tx.commit();
  return StaffAccount{id, username, role, role == StaffRole::Admin ? "" : store, hash.has_value(), false, now};
}

std::optional<StaffAccount> StaffAccounts::find(const std::string& username) {
  std::lock_guard<std::mutex> lock(mu_);
  SqliteStatement s = db_.prepare(std::string(kAccountColumns) + " WHERE username = ?1");
  s.bind(1, username);
  if (!s.step()) return std::nullopt;
  return read_account(s);
}

std::vector<StaffAccount> StaffAccounts::list() {
  std::lock_guard<std::mutex> lock(mu_);
  SqliteStatement s = db_.prepare(std::string(kAccountColumns) + " ORDER BY id");
  std::vector<StaffAccount> out;
  while (s.step()) out.push_back(read_account(s));
  return out;
}

bool StaffAccounts::revoke(int64_t account_id) {
  std::lock_guard<std::mutex> lock(mu_);
  WriteTransaction tx(db_);
  const int64_t now = clock_();
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

bool StaffAccounts::set_password(int64_t account_id, const std::string& password) {
  std::optional<std::string> hash = hash_password(password);
  if (!hash) throw std::runtime_error("password hashing failed (out of memory)");
  std::lock_guard<std::mutex> lock(mu_);
  db_.prepare("UPDATE staff_accounts SET password_hash = ?2 WHERE id = ?1 AND revoked_at IS NULL")
      .bind(1, account_id)
      .bind(2, *hash)
      .run();
  return db_.changes() == 1;
}

std::string StaffAccounts::issue_link(int64_t account_id) {
  const std::string token = random_token();
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t now = clock_();
  db_.prepare("INSERT INTO staff_tokens (token_hash, kind, account_id, created_at, expires_at) VALUES (?1, 'link', ?2, ?3, ?4)")
      .bind(1, token_hash(token))
      .bind(2, account_id)
      .bind(3, now)
      .bind(4, now + kLinkSeconds)
      .run();
  return token;
}

StaffSession StaffAccounts::open_session(const StaffAccount& account) {
  StaffSession session;
  session.token = random_token();
  session.principal.account = account;
  session.principal.token_hash = token_hash(session.token);
  const int64_t now = clock_();
  session.principal.expires_at = now + kSessionSeconds;
  db_.prepare(
         "INSERT INTO staff_tokens (token_hash, kind, account_id, created_at, expires_at) VALUES (?1, 'session', ?2, ?3, ?4)")
      .bind(1, session.principal.token_hash)
      .bind(2, account.id)
      .bind(3, now)
      .bind(4, session.principal.expires_at)
      .run();
  return session;
}

std::optional<StaffSession> StaffAccounts::consume_link(const std::string& link_token) {
  std::lock_guard<std::mutex> lock(mu_);
  WriteTransaction tx(db_);
  const int64_t now = clock_();
  // Ending the link is the conditional update itself: of two concurrent
  // uses exactly one changes the row.
  db_.prepare(
         "UPDATE staff_tokens SET ended_at = ?2 WHERE token_hash = ?1 AND kind = 'link' AND ended_at IS NULL "
         "AND expires_at > ?2")
      .bind(1, token_hash(link_token))
      .bind(2, now)
      .run();
  if (db_.changes() != 1) return std::nullopt;
  StaffAccount account;
  {
    SqliteStatement s = db_.prepare(std::string(kAccountColumns) +
                                    " WHERE id = (SELECT account_id FROM staff_tokens WHERE token_hash = ?1)");
    s.bind(1, token_hash(link_token));
    if (!s.step()) return std::nullopt;
    account = read_account(s);
  }
  if (account.revoked) return std::nullopt;
  StaffSession session = open_session(account);
  tx.commit();
  return session;
}

std::optional<StaffSession> StaffAccounts::sign_in(const std::string& username, const std::string& password) {
  std::optional<StaffAccount> account;
  std::string stored;
  {
    std::lock_guard<std::mutex> lock(mu_);
    SqliteStatement s = db_.prepare(
        "SELECT id, username, role, store, password_hash IS NOT NULL, revoked_at IS NOT NULL, created_at, "
        "coalesce(password_hash, '') FROM staff_accounts WHERE username = ?1");
    s.bind(1, username);
    if (s.step()) {
      account = read_account(s);
      stored = s.text(7);
    }
  }
  // Verified outside the lock: Argon2id takes tens of milliseconds and other
  // requests' sessions must not wait for it.
  const std::string& against = stored.empty() ? decoy_hash() : stored;
  const bool matches = crypto_pwhash_str_verify(against.c_str(), password.data(), password.size()) == 0;
  if (!account || stored.empty() || account->revoked || !matches) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  return open_session(*account);
}

std::optional<StaffPrincipal> StaffAccounts::authenticate(const std::string& session_token) {
  if (session_token.empty() || session_token.size() > 200) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  SqliteStatement s = db_.prepare(
      "SELECT a.id, a.username, a.role, a.store, a.password_hash IS NOT NULL, a.revoked_at IS NOT NULL, a.created_at, "
      "t.token_hash, t.expires_at FROM staff_tokens t JOIN staff_accounts a ON a.id = t.account_id "
      "WHERE t.token_hash = ?1 AND t.kind = 'session' AND t.ended_at IS NULL AND t.expires_at > ?2 "
      "AND a.revoked_at IS NULL");
  s.bind(1, token_hash(session_token)).bind(2, clock_());
  if (!s.step()) return std::nullopt;
  StaffPrincipal p;
  p.account = read_account(s);
  p.token_hash = s.text(7);
  p.expires_at = s.int64(8);
  return p;
}

void StaffAccounts::sign_out(const std::string& hash) {
  std::lock_guard<std::mutex> lock(mu_);
  db_.prepare("UPDATE staff_tokens SET ended_at = ?2 WHERE token_hash = ?1 AND ended_at IS NULL")
      .bind(1, hash)
      .bind(2, clock_())
      .run();
}

void StaffAccounts::record_action(int64_t account_id, const std::string& method, const std::string& path,
                                  int32_t status) {
  std::lock_guard<std::mutex> lock(mu_);
  db_.prepare("INSERT INTO staff_actions (at, account_id, method, path, status) VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, clock_())
      .bind(2, account_id)
      .bind(3, method)
      .bind(4, path)
      .bind(5, int64_t{status})
      .run();
}

std::vector<StaffAction> StaffAccounts::actions(int32_t limit) {
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

}  // namespace server
