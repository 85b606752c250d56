// The staff accounts CONTRACT (staff_storage.h, through the rules of
// staff_accounts.h): one list of cases against both backends. SQLite always;
// PostgreSQL when CHECKOUT_TEST_DATABASE_URL names a database (suite 35 runs
// it under scripts/lib/with-postgres.sh), each case on emptied staff tables.
// "Instances" are StaffAccounts objects on connections of their own to one
// database, as the servers of a fleet are.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "postgres_test_env.h"
#include "pg_db.h"
#include "signin_throttle.h"
#include "sqlite_db.h"
#include "staff_accounts.h"

namespace server {
namespace {

constexpr int64_t kStart = 1'790'000'000;
const std::string kPassword = "correct horse battery staple";

// Every staff table, so each case starts from an empty schema.
void drop_staff_tables() {
  PostgresOptions o;
  o.url = postgres_url();
  PgConnection raw(o);
  raw.run("DROP TABLE IF EXISTS staff_actions, staff_tokens, staff_accounts, staff_signin_failures, "
          "checkout_staff_schema CASCADE");
}

class StaffStorageContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (postgres()) {
      SKIP_OR_FAIL_WITHOUT_POSTGRES();
      drop_staff_tables();
    } else {
      char tmpl[] = "/tmp/staff-contract-XXXXXX";
      ASSERT_NE(mkdtemp(tmpl), nullptr);
      dir_ = tmpl;
    }
    accounts_ = instance();
  }
  void TearDown() override {
    accounts_.reset();
    if (!dir_.empty()) std::system(("rm -rf " + dir_).c_str());
  }

  bool postgres() const { return GetParam() == "postgres"; }
  std::string db() const { return postgres() ? postgres_url() : dir_ + "/staff.db"; }

  // Another server's view of the same accounts: a connection of its own.
  std::unique_ptr<StaffAccounts> instance() {
    return std::make_unique<StaffAccounts>(db(), [this] { return now_.load(); });
  }

  int64_t scalar(const std::string& sql) {
    if (postgres()) {
      PostgresOptions o;
      o.url = postgres_url();
      PgConnection raw(o);
      return raw.exec(sql).int64(0, 0);
    }
    SqliteConnection raw(db(), false);
    SqliteStatement s = raw.prepare(sql);
    s.step();
    return s.int64(0);
  }

  std::string dir_;
  std::atomic<int64_t> now_{kStart};
  std::unique_ptr<StaffAccounts> accounts_;
};

// Runs `body(i)` on `n` threads released together, so the calls overlap.
template <typename Body>
void together(int n, Body body) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (!go.load()) std::this_thread::yield();
      body(i);
    });
  }
  while (ready.load() < n) std::this_thread::yield();
  go = true;
  for (std::thread& t : threads) t.join();
}

TEST_P(StaffStorageContractTest, AccountsAreCreatedOnceAndListedInOrder) {
  EXPECT_EQ(accounts_->count(), 0);
  std::optional<StaffAccount> admin = accounts_->create("ada", StaffRole::Admin, "ignored-for-admins", kPassword);
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->store, "");
  EXPECT_TRUE(admin->has_password);
  EXPECT_EQ(admin->created_at, kStart);
  std::optional<StaffAccount> clerk = accounts_->create("bob", StaffRole::Store, "nyc-soho", std::nullopt);
  ASSERT_TRUE(clerk);
  EXPECT_FALSE(accounts_->create("bob", StaffRole::Admin, "", std::nullopt)) << "a taken username";

  std::vector<StaffAccount> all = accounts_->list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].username, "ada");
  EXPECT_EQ(all[0].role, StaffRole::Admin);
  EXPECT_EQ(all[1].username, "bob");
  EXPECT_EQ(all[1].role, StaffRole::Store);
  EXPECT_EQ(all[1].store, "nyc-soho");
  EXPECT_FALSE(all[1].has_password);
  EXPECT_FALSE(all[1].revoked);
  EXPECT_EQ(accounts_->find("bob")->id, clerk->id);
  EXPECT_EQ(accounts_->find_id(admin->id)->username, "ada");
  EXPECT_FALSE(accounts_->find("carol"));
  EXPECT_FALSE(accounts_->find_id(999));
  EXPECT_EQ(accounts_->count(), 2);
  // Only hashes are stored: an Argon2id string, never the password.
  EXPECT_EQ(scalar("SELECT count(*) FROM staff_accounts WHERE password_hash LIKE '$argon2id$%'"), 1);
}

TEST_P(StaffStorageContractTest, APasswordSignsInOnlyWhenItMatches) {
  const StaffAccount ada = *accounts_->create("ada", StaffRole::Admin, "", kPassword);
  accounts_->create("linkonly", StaffRole::Admin, "", std::nullopt);
  EXPECT_FALSE(accounts_->sign_in("ada", "wrong password, long enough"));
  EXPECT_FALSE(accounts_->sign_in("nobody", kPassword));
  EXPECT_FALSE(accounts_->sign_in("linkonly", kPassword)) << "an account without a password";
  std::optional<StaffSession> s = accounts_->sign_in("ada", kPassword);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->principal.expires_at, kStart + StaffAccounts::kSessionSeconds);
  std::optional<StaffPrincipal> p = accounts_->authenticate(s->token);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->account.id, ada.id);
  EXPECT_EQ(p->token_hash, s->principal.token_hash);
  EXPECT_NE(p->token_hash, s->token) << "the token is stored hashed";
  EXPECT_FALSE(accounts_->authenticate(s->token + "x"));
  EXPECT_FALSE(accounts_->authenticate(""));

  ASSERT_TRUE(accounts_->set_password(ada.id, "a brand new passphrase"));
  EXPECT_FALSE(accounts_->sign_in("ada", kPassword));
  EXPECT_TRUE(accounts_->sign_in("ada", "a brand new passphrase"));
}

TEST_P(StaffStorageContractTest, ALinkSignsInOnceAndNotAfterItExpires) {
  const StaffAccount bob = *accounts_->create("bob", StaffRole::Store, "nyc-soho", std::nullopt);
  const std::string link = accounts_->issue_link(bob.id);
  std::optional<StaffSession> s = accounts_->consume_link(link);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->principal.account.id, bob.id);
  EXPECT_EQ(s->principal.account.store, "nyc-soho");
  EXPECT_TRUE(accounts_->authenticate(s->token));
  EXPECT_FALSE(accounts_->consume_link(link)) << "used";
  EXPECT_FALSE(accounts_->consume_link("no-such-link"));
  EXPECT_FALSE(accounts_->authenticate(link)) << "a link is not a session";

  const std::string late = accounts_->issue_link(bob.id);
  const std::string in_time = accounts_->issue_link(bob.id);
  now_ = kStart + StaffAccounts::kLinkSeconds - 1;
  EXPECT_TRUE(accounts_->consume_link(in_time));
  now_ = kStart + StaffAccounts::kLinkSeconds;
  EXPECT_FALSE(accounts_->consume_link(late)) << "expired";
}

TEST_P(StaffStorageContractTest, ASessionEndsWhenItExpiresOrIsSignedOut) {
  accounts_->create("ada", StaffRole::Admin, "", kPassword);
  const StaffSession first = *accounts_->sign_in("ada", kPassword);
  const StaffSession second = *accounts_->sign_in("ada", kPassword);
  accounts_->sign_out(first.principal.token_hash);
  EXPECT_FALSE(accounts_->authenticate(first.token));
  EXPECT_TRUE(accounts_->authenticate(second.token)) << "signing out ends that session only";
  now_ = kStart + StaffAccounts::kSessionSeconds - 1;
  EXPECT_TRUE(accounts_->authenticate(second.token));
  now_ = kStart + StaffAccounts::kSessionSeconds;
  EXPECT_FALSE(accounts_->authenticate(second.token));
}

TEST_P(StaffStorageContractTest, RevokeEndsEverySessionAndLinkAndBlocksThePassword) {
  const StaffAccount ada = *accounts_->create("ada", StaffRole::Admin, "", kPassword);
  const StaffAccount other = *accounts_->create("other", StaffRole::Admin, "", kPassword);
  const StaffSession a1 = *accounts_->sign_in("ada", kPassword);
  const StaffSession a2 = *accounts_->consume_link(accounts_->issue_link(ada.id));
  const std::string unused = accounts_->issue_link(ada.id);
  const StaffSession kept = *accounts_->sign_in("other", kPassword);

  now_ = kStart + 60;
  ASSERT_TRUE(accounts_->revoke(ada.id));
  EXPECT_FALSE(accounts_->authenticate(a1.token));
  EXPECT_FALSE(accounts_->authenticate(a2.token));
  EXPECT_FALSE(accounts_->consume_link(unused));
  EXPECT_FALSE(accounts_->sign_in("ada", kPassword));
  EXPECT_FALSE(accounts_->set_password(ada.id, "a brand new passphrase"));
  EXPECT_TRUE(accounts_->authenticate(kept.token)) << "other accounts are untouched";
  EXPECT_TRUE(accounts_->find_id(ada.id)->revoked);
  EXPECT_FALSE(accounts_->find_id(other.id)->revoked);
  EXPECT_FALSE(accounts_->revoke(999));
  EXPECT_EQ(scalar("SELECT count(*) FROM staff_tokens WHERE account_id = " + std::to_string(ada.id) +
                   " AND ended_at IS NULL"),
            0);
}

TEST_P(StaffStorageContractTest, AnotherInstanceSeesSessionsAndRevokesAtOnce) {
  std::unique_ptr<StaffAccounts> b = instance();
  const StaffAccount ada = *accounts_->create("ada", StaffRole::Admin, "", kPassword);
  const StaffSession on_a = *accounts_->sign_in("ada", kPassword);
  ASSERT_TRUE(b->authenticate(on_a.token)) << "a session made on A works on B";
  const StaffSession on_b = *b->consume_link(accounts_->issue_link(ada.id));
  ASSERT_TRUE(accounts_->authenticate(on_b.token));
  ASSERT_TRUE(b->revoke(ada.id));
  EXPECT_FALSE(accounts_->authenticate(on_a.token)) << "revoked on B, refused on A on the next call";
  EXPECT_FALSE(accounts_->authenticate(on_b.token));
}

TEST_P(StaffStorageContractTest, TheActionLogIsNewestFirst) {
  const StaffAccount ada = *accounts_->create("ada", StaffRole::Admin, "", std::nullopt);
  for (int i = 0; i < 3; ++i) {
    now_ = kStart + i;
    accounts_->record_action(ada.id, "POST", "/api/x/" + std::to_string(i), 200 + i);
  }
  std::vector<StaffAction> rows = accounts_->actions(2);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].path, "/api/x/2");
  EXPECT_EQ(rows[0].status, 202);
  EXPECT_EQ(rows[0].at, kStart + 2);
  EXPECT_EQ(rows[0].username, "ada");
  EXPECT_EQ(rows[1].path, "/api/x/1");
  EXPECT_EQ(accounts_->actions(10).size(), 3u);
}

// The race of the brief: one link, used at the same moment by four instances
// (four connections), many times over: exactly one session each time.
TEST_P(StaffStorageContractTest, OneLinkRacedByFourInstancesOpensExactlyOneSession) {
  constexpr int kInstances = 4, kRounds = 25;
  std::vector<std::unique_ptr<StaffAccounts>> fleet;
  for (int i = 0; i < kInstances; ++i) fleet.push_back(instance());
  const StaffAccount bob = *accounts_->create("bob", StaffRole::Store, "nyc-soho", std::nullopt);
  int32_t rounds_with_one_winner = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::string link = accounts_->issue_link(bob.id);
    std::atomic<int> won{0};
    together(kInstances, [&](int i) {
      if (fleet[static_cast<size_t>(i)]->consume_link(link)) ++won;
    });
    EXPECT_EQ(won.load(), 1) << "round " << round;
    if (won.load() == 1) ++rounds_with_one_winner;
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM staff_tokens WHERE kind = 'session'"), kRounds);
  std::printf("staff link race (%s): %d rounds x %d instances, %d rounds with exactly one session, %lld sessions\n",
              GetParam().c_str(), kRounds, kInstances, rounds_with_one_winner,
              static_cast<long long>(scalar("SELECT count(*) FROM staff_tokens WHERE kind = 'session'")));
}

// Revoke racing a link exchange on another instance: whichever commits
// first, no session of the revoked account authenticates afterwards.
TEST_P(StaffStorageContractTest, ASessionOpenedWhileRevokingNeverOutlivesTheRevoke) {
  std::unique_ptr<StaffAccounts> b = instance();
  for (int round = 0; round < 10; ++round) {
    const StaffAccount a = *accounts_->create("racer" + std::to_string(round), StaffRole::Admin, "", std::nullopt);
    const std::string link = accounts_->issue_link(a.id);
    std::optional<StaffSession> s;
    together(2, [&](int i) {
      if (i == 0) {
        s = accounts_->consume_link(link);
      } else {
        b->revoke(a.id);
      }
    });
    if (s) {
      EXPECT_FALSE(accounts_->authenticate(s->token)) << "round " << round;
      EXPECT_FALSE(b->authenticate(s->token)) << "round " << round;
    }
  }
}

TEST_P(StaffStorageContractTest, AUsernameTakenByInstancesAtOnceIsCreatedOnce) {
  std::vector<std::unique_ptr<StaffAccounts>> fleet;
  for (int i = 0; i < 4; ++i) fleet.push_back(instance());
  std::atomic<int> made{0};
  together(4, [&](int i) {
    if (fleet[static_cast<size_t>(i)]->create("admin", StaffRole::Admin, "", std::nullopt)) ++made;
  });
  EXPECT_EQ(made.load(), 1);
  EXPECT_EQ(accounts_->count(), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, StaffStorageContractTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// The counter rows' arithmetic, without a database.
TEST(SignInWait, FreeOnceTheOldestMinutesLeaveTheWindow) {
  const int64_t minute = 29'833'333;  // some unix minute
  const int64_t now_ms = (minute + 3) * 60'000 + 15'000;
  EXPECT_FALSE(signin_wait_ms({}, 5, now_ms));
  EXPECT_FALSE(signin_wait_ms({{minute, 4}}, 5, now_ms));
  // 5 in one minute: free when that minute leaves, 15 minutes after it began.
  EXPECT_EQ(signin_wait_ms({{minute, 5}}, 5, now_ms), (minute + 15) * 60'000 - now_ms);
  // 2 + 3 + 1: the first minute leaving leaves 4 < 5.
  EXPECT_EQ(signin_wait_ms({{minute, 2}, {minute + 1, 3}, {minute + 3, 1}}, 5, now_ms),
            (minute + 15) * 60'000 - now_ms);
  // 1 + 1 + 6: only when the third minute leaves are fewer than 5 left.
  EXPECT_EQ(signin_wait_ms({{minute, 1}, {minute + 1, 1}, {minute + 2, 6}}, 5, now_ms),
            (minute + 2 + 15) * 60'000 - now_ms);
  // Never less than a millisecond, even at the very edge.
  EXPECT_EQ(signin_wait_ms({{minute, 5}}, 5, (minute + 15) * 60'000), 1);
}

TEST(SignInThrottle, InMemoryBlocksAUsernameAfterFiveFailuresAndAClientAfterTwenty) {
  std::unique_ptr<SignInThrottle> t = make_memory_signin_throttle();
  for (int i = 0; i < kSignInFailuresPerUser; ++i) {
    EXPECT_FALSE(t->blocked_for("198.51.100.1", "ada")) << i;
    t->record_failure("198.51.100.1", "ada");
  }
  EXPECT_TRUE(t->blocked_for("198.51.100.2", "ada")) << "the username, from any address";
  EXPECT_FALSE(t->blocked_for("198.51.100.2", "bob"));
  for (int i = kSignInFailuresPerUser; i < kSignInFailuresPerClient; ++i) t->record_failure("198.51.100.1", "");
  std::optional<int64_t> wait = t->blocked_for("198.51.100.1", "");
  ASSERT_TRUE(wait) << "the address, for a link or any username";
  EXPECT_GT(*wait, 0);
  EXPECT_LE(*wait, kSignInWindowMs);
}

// Instances on one PostgreSQL share the counts: failures spread over three
// throttles add up to the limits of one.
TEST(PostgresSignInThrottle, FailuresSpreadOverInstancesHitOneSharedLimit) {
  SKIP_OR_FAIL_WITHOUT_POSTGRES();
  drop_staff_tables();
  std::vector<std::unique_ptr<SignInThrottle>> fleet;
  for (int i = 0; i < 3; ++i) fleet.push_back(make_postgres_signin_throttle(postgres_url()));
  for (int i = 0; i < kSignInFailuresPerUser; ++i) {
    EXPECT_FALSE(fleet[static_cast<size_t>(i % 3)]->blocked_for("203.0.113.7", "ada")) << i;
    fleet[static_cast<size_t>(i % 3)]->record_failure("203.0.113.7", "ada");
  }
  for (auto& t : fleet) {
    std::optional<int64_t> wait = t->blocked_for("203.0.113.8", "ada");
    ASSERT_TRUE(wait) << "every instance refuses the username";
    EXPECT_GT(*wait, (kSignInWindowMinutes - 1) * 60'000);
    EXPECT_LE(*wait, kSignInWindowMs);
    EXPECT_FALSE(t->blocked_for("203.0.113.8", "bob"));
  }
  for (int i = kSignInFailuresPerUser; i < kSignInFailuresPerClient; ++i) {
    EXPECT_FALSE(fleet[static_cast<size_t>(i % 3)]->blocked_for("203.0.113.7", "")) << i;
    fleet[static_cast<size_t>(i % 3)]->record_failure("203.0.113.7", "");
  }
  for (auto& t : fleet) EXPECT_TRUE(t->blocked_for("203.0.113.7", "")) << "and the client address";
  EXPECT_FALSE(fleet[0]->blocked_for("203.0.113.9", "")) << "not another address";
}

}  // namespace
}  // namespace server
