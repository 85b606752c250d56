#include "staff_accounts.h"

#include <sodium.h>

#include <stdexcept>
#include <utility>

#include "storage.h"

namespace server {
namespace {

// Argon2id at OWASP's minimum for interactive logins (19 MiB, 2 passes): a
// sign-in costs tens of milliseconds and 19 MiB, bounded by the worker count.
constexpr unsigned long long kPwhashOps = 2;
constexpr size_t kPwhashMem = 19u * 1024u * 1024u;

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

// Staff requests are few and each is one indexed statement: a small pool
// of its own, so they never wait behind orders (nor orders behind them).
constexpr int32_t kPostgresConnections = 2;

std::unique_ptr<StaffStorage> open_staff_storage(const std::string& db) {
  if (is_postgres_url(db)) {
    PostgresOptions options;
    options.url = db;
    options.connections = kPostgresConnections;
    return open_postgres_staff_storage(options);
  }
  return open_sqlite_staff_storage(sqlite_path(db));
}

}  // namespace

const char* staff_role_name(StaffRole role) { return role == StaffRole::Admin ? "admin" : "store"; }

StaffAccounts::StaffAccounts(const std::string& db, std::function<int64_t()> clock)
    : StaffAccounts(open_staff_storage(db), std::move(clock)) {}

StaffAccounts::StaffAccounts(std::unique_ptr<StaffStorage> storage, std::function<int64_t()> clock)
    : clock_(std::move(clock)), storage_(std::move(storage)) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
}

int64_t StaffAccounts::count() { return storage_->count(); }

std::optional<StaffAccount> StaffAccounts::create(const std::string& username, StaffRole role, const std::string& store,
                                                  const std::optional<std::string>& password) {
  std::optional<std::string> hash;
  if (password) {
    hash = hash_password(*password);
    if (!hash) throw std::runtime_error("password hashing failed (out of memory)");
  }
  return storage_->insert_account(username, role, role == StaffRole::Admin ? std::string() : store, hash, clock_());
}

std::optional<StaffAccount> StaffAccounts::find(const std::string& username) {
  std::optional<StaffCredentialRow> row = storage_->find(username);
  if (!row) return std::nullopt;
  return row->account;
}

std::optional<StaffAccount> StaffAccounts::find_id(int64_t account_id) { return storage_->find_id(account_id); }

std::vector<StaffAccount> StaffAccounts::list() { return storage_->list(); }

bool StaffAccounts::revoke(int64_t account_id) { return storage_->revoke(account_id, clock_()); }

bool StaffAccounts::set_password(int64_t account_id, const std::string& password) {
  std::optional<std::string> hash = hash_password(password);
  if (!hash) throw std::runtime_error("password hashing failed (out of memory)");
  return storage_->set_password_hash(account_id, *hash);
}

std::string StaffAccounts::issue_link(int64_t account_id) {
  const std::string token = random_token();
  const int64_t now = clock_();
  storage_->insert_link(token_hash(token), account_id, now, now + kLinkSeconds);
  return token;
}

std::optional<StaffSession> StaffAccounts::consume_link(const std::string& link_token) {
  if (link_token.empty() || link_token.size() > 200) return std::nullopt;
  StaffSession session;
  session.token = random_token();
  session.principal.token_hash = token_hash(session.token);
  const int64_t now = clock_();
  session.principal.expires_at = now + kSessionSeconds;
  std::optional<StaffAccount> account =
      storage_->exchange_link(token_hash(link_token), session.principal.token_hash, now, session.principal.expires_at);
  if (!account) return std::nullopt;
  session.principal.account = *account;
  return session;
}

std::optional<StaffSession> StaffAccounts::sign_in(const std::string& username, const std::string& password) {
  std::optional<StaffCredentialRow> row = storage_->find(username);
  const std::string stored = row ? row->password_hash : "";
  // Unknown and password-less accounts are verified against the decoy, so
  // the answer takes as long as for a real account.
  const std::string& against = stored.empty() ? decoy_hash() : stored;
  const bool matches = crypto_pwhash_str_verify(against.c_str(), password.data(), password.size()) == 0;
  if (!row || stored.empty() || row->account.revoked || !matches) return std::nullopt;
  StaffSession session;
  session.token = random_token();
  session.principal.account = row->account;
  session.principal.token_hash = token_hash(session.token);
  const int64_t now = clock_();
  session.principal.expires_at = now + kSessionSeconds;
  storage_->insert_session(session.principal.token_hash, row->account.id, now, session.principal.expires_at);
  return session;
}

std::optional<StaffPrincipal> StaffAccounts::authenticate(const std::string& session_token) {
  if (session_token.empty() || session_token.size() > 200) return std::nullopt;
  return storage_->session(token_hash(session_token), clock_());
}

void StaffAccounts::sign_out(const std::string& hash) { storage_->end_session(hash, clock_()); }

void StaffAccounts::record_action(int64_t account_id, const std::string& method, const std::string& path,
                                  int32_t status) {
  storage_->record_action(account_id, method, path, status, clock_());
}

std::vector<StaffAction> StaffAccounts::actions(int32_t limit) { return storage_->actions(limit); }

}  // namespace server
