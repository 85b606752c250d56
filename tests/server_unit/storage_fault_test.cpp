// Database faults become StorageFaults of the right kind (answered 503 with
// a code and Retry-After), other SQLite errors stay plain errors (500), and
// a fault inside a transaction leaves nothing written.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "sqlite_db.h"
#include "storage_fault.h"

namespace server {
namespace {

class StorageFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/server-fault-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }
  std::string dir_;
};

template <typename Work>
std::optional<StorageFault::Kind> fault_of(Work work) {
  try {
    work();
  } catch (const StorageFault& fault) {
    return fault.kind();
  } catch (const std::exception&) {
    return std::nullopt;
  }
  ADD_FAILURE() << "no error at all";
  return std::nullopt;
}

int64_t count_rows(SqliteConnection& c) {
  SqliteStatement s = c.prepare("SELECT count(*) FROM t");
  EXPECT_TRUE(s.step());
  return s.int64(0);
}

TEST_F(StorageFaultTest, FullDatabaseIsStorageFullAndRollsBack) {
  SqliteConnection c(dir_ + "/db", true);
  c.exec("CREATE TABLE t (x BLOB)");
  c.exec("PRAGMA max_page_count = 3");  // the file cannot grow: as on a full disk
  const auto kind = fault_of([&] {
    WriteTransaction tx(c);
    c.prepare("INSERT INTO t VALUES (zeroblob(100))").run();
    c.prepare("INSERT INTO t VALUES (zeroblob(100000))").run();
    tx.commit();
  });
  EXPECT_EQ(kind, StorageFault::Kind::full);
  EXPECT_EQ(count_rows(c), 0) << "the first insert was rolled back with the second";
}

TEST_F(StorageFaultTest, ReadOnlyDatabaseIsStorageReadOnly) {
  SqliteConnection c(dir_ + "/db", true);
  c.exec("CREATE TABLE t (x BLOB)");
  c.exec("PRAGMA query_only = ON");
  EXPECT_EQ(fault_of([&] { c.prepare("INSERT INTO t VALUES (1)").run(); }), StorageFault::Kind::read_only);
  c.exec("PRAGMA query_only = OFF");  // and it resumes
  c.prepare("INSERT INTO t VALUES (1)").run();
  EXPECT_EQ(count_rows(c), 1);
}

TEST_F(StorageFaultTest, UnreachableDatabaseIsStorageUnavailable) {
  EXPECT_EQ(fault_of([&] { SqliteConnection c(dir_ + "/missing/dir/db", false); }),
            StorageFault::Kind::unavailable);
}

TEST_F(StorageFaultTest, BugsAreNotStorageFaults) {
  SqliteConnection c(dir_ + "/db", true);
  bool plain_error = false;
  try {
    c.exec("CREATE TABLE");  // a syntax error is ours to fix, not the disk's
  } catch (const StorageFault&) {
  } catch (const std::runtime_error&) {
    plain_error = true;
  }
  EXPECT_TRUE(plain_error);
}

TEST_F(StorageFaultTest, AnswersAre503WithCodeMessageAndRetryAfter) {
  struct Case {
    StorageFault::Kind kind;
    const char* code;
  };
  for (const Case& c : {Case{StorageFault::Kind::full, "storage_full"},
                        Case{StorageFault::Kind::read_only, "storage_read_only"},
                        Case{StorageFault::Kind::unavailable, "storage_unavailable"}}) {
    const http::Response r = storage_fault_response(StorageFault(c.kind, "sqlite: internal detail"));
    EXPECT_EQ(r.status, 503);
    EXPECT_NE(r.body.find(std::string("\"code\":\"") + c.code + "\""), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("internal detail"), std::string::npos) << "SQLite's text stays in the log";
    bool retry_after = false;
    for (const auto& [name, value] : r.headers) retry_after |= name == "Retry-After" && !value.empty();
    EXPECT_TRUE(retry_after);
  }
}

}  // namespace
}  // namespace server
