// checkout-server: the validating checkout server with the demo merchant on
// SQLite. `checkout-server --help` lists the flags; docs/api.md the API.
#include <malloc.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "app.h"
#include "change_feed.h"
#include "client_address.h"
#include "checkout/civil_time.h"
#include "staff_bootstrap.h"
#include "cors.h"
#include "http_server.h"
#include "storage_fault.h"
#include "time_text.h"

namespace {

constexpr const char* kUsage = R"(Usage: checkout-server [options]

  --host ADDR         address to listen on (default 127.0.0.1)
  --port N            port; 0 picks a free one (default 8080). The bound port is
                      printed: "Checkout server listening on http://HOST:PORT/"
  --db PATH|URL       SQLite database file (PATH or sqlite:PATH; created and
                      migrated if missing), or a PostgreSQL database
                      (postgresql://USER@HOST/DB?...; migrated at start), which
                      several server processes can share (docs/storage.md).
                      Default $CHECKOUT_DATABASE_URL, else ./checkout.db
  --db-connections N  PostgreSQL connections per process (default: --workers)
  --accounts-db PATH|URL
                      staff accounts, sign-in links, sessions and the staff
                      action log: a SQLite file, or a PostgreSQL database
                      (postgresql://...) that every instance shares, which
                      also holds the sign-in throttle's counts (default: the
                      --db database, SQLite file or PostgreSQL alike)
  --data DIR|FILE     merchant catalog: DIR/catalog.json or a JSON file
                      (default <repo>/server-stub/data/demo)
  --web DIR           static files served at /web/ and / (default <repo>/web)
  --wasm DIR          WebAssembly build served at /wasm/ (default <repo>/build/wasm)
  --create-staff SPEC create a staff account unless it exists: admin:USER or
                      store:STORE_ID:USER (repeatable). Without a password it
                      gets a one-time sign-in link, printed at start.
  --staff-password-file FILE
                      the password (first line, 12-256 characters) of the
                      accounts --create-staff makes
  --issue-signin-link USER
                      print a new one-time sign-in link for an existing account
                      (e.g. a lost first-start link; repeatable)
  --secure-cookies    mark the staff session cookie Secure (TLS in front)
  --trust-forwarded-proto
                      mark it Secure when "X-Forwarded-Proto: https" (only
                      behind a proxy that sets that header itself)
  --allow-origin ORIGIN
                      a merchant page origin (e.g. https://shop.example) that may
                      load the widget from /web/ and /wasm/ and call the shopper
                      API cross-origin; repeatable, and added to
                      $CHECKOUT_ALLOWED_ORIGINS (comma-separated). Store and
                      admin endpoints stay same-origin (docs/embedding.md)
  --fixed-clock INSTANT
                      the server's clock stands still at INSTANT (RFC 3339, e.g.
                      2026-03-02T15:00:00Z): quotes, delivery dates, order times
                      and the Date the widget reads its clock from are the same
                      on every run. For tests only (docs/testing.md)
  --durable-sync      SQLite synchronous=FULL: commits survive power loss, not
                      only a crash of this process (slower: one fsync per commit)
  --workers N         request handler threads (default 4)
  --drain-seconds N   on SIGTERM/SIGINT: stop accepting, answer every request
                      already started, end event streams with a retry hint,
                      exit 0; give up after N seconds (default 10). A second
                      signal exits at once
  --output-budget-mb N  output waiting on clients that are slow to read, all
                      connections together (default 64); past it the slowest
                      readers are dropped
  --hold-check-seconds N
                      how often pickup orders whose store's hold has ended are
                      lapsed and their stock released (default 300; also once
                      at start). 0: only by POST /api/admin/pickup-holds/lapse
  --trusted-proxy ADDR
                      a reverse proxy (e.g. 127.0.0.1 for nginx on this host)
                      whose X-Forwarded-For names the client: per-client limits
                      (coupon guessing, sign-in, purchase limits by client) then
                      use the right-most address in it that is not a trusted
                      proxy. Repeatable. Without it the header is ignored
  --stock-resync-ms N several instances on one database: re-read every stock
                      row at least this often, covering a change notice lost
                      to a crash (default 5000; 0 = never)
  --stock-poll-ms N   several processes on one SQLite file: look for another
                      process's commit this often (default 250; 0 = never)
  --help              this text

With no staff account in the database, the first start creates the admin
account "admin" and prints its one-time sign-in link on stdout (once):
  Staff sign-in link for admin (one-time, 24 h): http://HOST:PORT/web/demo/store.html#signin=...
Store and admin endpoints always need a signed-in account (docs/api.md).

<repo> is found by walking up from the executable's directory, then from the
current directory, to the first directory holding server-stub/data/demo.
)";

bool is_dir(const std::string& p) {
  struct stat st {};
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_file(const std::string& p) {
  struct stat st {};
  return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string parent(const std::string& p) {
  const size_t slash = p.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return p.substr(0, slash);
}

std::string find_repo_root() {
  char buf[PATH_MAX];
  std::string starts[2];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) starts[0] = parent(std::string(buf, static_cast<size_t>(n)));
  if (getcwd(buf, sizeof buf) != nullptr) starts[1] = buf;
  for (const std::string& start : starts) {
    std::string dir = start;
    for (int up = 0; up < 5 && !dir.empty(); ++up) {
      if (is_dir(dir + "/server-stub/data/demo")) return dir;
      if (dir == "/") break;
      dir = parent(dir);
    }
  }
  return ".";
}

bool parse_port(const char* s, uint16_t& out) {
  char* end = nullptr;
  const long v = std::strtol(s, &end, 10);
  if (end == s || *end != '\0' || v < 0 || v > 65535) return false;
  out = static_cast<uint16_t>(v);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  // glibc reserves a 64 MiB malloc arena per thread; with the I/O thread and
  // the workers that alone exceeds a 256 MB address-space limit before any
  // request is served. Two arenas keep contention low and memory bounded.
  mallopt(M_ARENA_MAX, 2);
  // Large buffers (answers, bodies, catalog snapshots) are mapped and given
  // back to the system when freed. glibc's default raises this threshold to
  // the largest block freed so far, after which every catalog-sized answer
  // comes from the heap, which fragments and never shrinks: resident memory
  // then follows the busiest moment ever, not what is waiting now.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  std::string host = "127.0.0.1", db = "./checkout.db", accounts_db, data, web, wasm;
  if (const char* url = std::getenv("CHECKOUT_DATABASE_URL"); url != nullptr && *url != '\0') db = url;
  int32_t db_connections = 0;
  uint16_t port = 8080;
  bool durable_sync = false;
  uint32_t workers = 4;
  int32_t drain_seconds = 10;
  uint64_t output_budget_mb = 64;
  int64_t hold_check_seconds = 300;
  server::StaffProvisioning staff;
  server::SecureCookies secure_cookies = server::SecureCookies::Never;
  if (const char* env_token = std::getenv("CHECKOUT_STAFF_TOKEN"); env_token != nullptr && *env_token != '\0') {
    std::fprintf(stderr, "checkout-server: CHECKOUT_STAFF_TOKEN is no longer used: staff sign in with accounts "
                         "(docs/api.md, \"Migrating from --staff-token\")\n");
  }
  std::optional<int64_t> fixed_clock;
  server::TrustedProxies trusted_proxies;
  server::ChangeFeedOptions feed_options;
  server::CorsPolicy cors;
  if (const char* env_origins = std::getenv("CHECKOUT_ALLOWED_ORIGINS")) {
    cors.allowed_origins = server::split_origin_list(env_origins);
  }

  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "checkout-server: %s needs a value\n", name);
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--host") {
      host = value("--host");
    } else if (arg == "--port") {
      if (!parse_port(value("--port"), port)) {
        std::fprintf(stderr, "checkout-server: --port must be 0..65535\n");
        return 2;
      }
    } else if (arg == "--db") {
      db = value("--db");
    } else if (arg == "--accounts-db") {
      accounts_db = value("--accounts-db");
    } else if (arg == "--db-connections") {
      const std::string n = value("--db-connections");
      char* end = nullptr;
      const long v = std::strtol(n.c_str(), &end, 10);
      if (end == n.c_str() || *end != '\0' || v < 1 || v > 256) {
        std::fprintf(stderr, "checkout-server: --db-connections must be 1..256\n");
        return 2;
      }
      db_connections = static_cast<int32_t>(v);
    } else if (arg == "--data") {
      data = value("--data");
    } else if (arg == "--web") {
      web = value("--web");
    } else if (arg == "--wasm") {
      wasm = value("--wasm");
    } else if (arg == "--staff-token") {
      std::fprintf(stderr, "checkout-server: --staff-token was removed: staff sign in with accounts; see docs/api.md, "
                           "\"Migrating from --staff-token\"\n");
      return 2;
    } else if (arg == "--create-staff") {
      staff.create.emplace_back(value("--create-staff"));
    } else if (arg == "--staff-password-file") {
      const char* file = value("--staff-password-file");
      FILE* f = std::fopen(file, "r");
      char line[512] = {0};
      if (f == nullptr || std::fgets(line, sizeof line, f) == nullptr) {
        std::fprintf(stderr, "checkout-server: cannot read %s\n", file);
        if (f != nullptr) std::fclose(f);
        return 2;
      }
      std::fclose(f);
      std::string password = line;
      while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) password.pop_back();
      staff.password = password;
    } else if (arg == "--issue-signin-link") {
      staff.links_for.emplace_back(value("--issue-signin-link"));
    } else if (arg == "--secure-cookies") {
      secure_cookies = server::SecureCookies::Always;
    } else if (arg == "--trust-forwarded-proto") {
      secure_cookies = server::SecureCookies::ForwardedProto;
    } else if (arg == "--allow-origin") {
      cors.allowed_origins.push_back(value("--allow-origin"));
    } else if (arg == "--fixed-clock") {
      fixed_clock = checkout::parse_rfc3339(value("--fixed-clock"));
      if (!fixed_clock) {
        std::fprintf(stderr, "checkout-server: --fixed-clock must be an RFC 3339 instant (2026-03-02T15:00:00Z)\n");
        return 2;
      }
    } else if (arg == "--durable-sync") {
      durable_sync = true;
    } else if (arg == "--workers") {
      workers = static_cast<uint32_t>(std::strtoul(value("--workers"), nullptr, 10));
      if (workers < 1 || workers > 256) {
        std::fprintf(stderr, "checkout-server: --workers must be 1..256\n");
        return 2;
      }
    } else if (arg == "--drain-seconds") {
      const long v = std::strtol(value("--drain-seconds"), nullptr, 10);
      if (v < 0 || v > 3600) {
        std::fprintf(stderr, "checkout-server: --drain-seconds must be 0..3600\n");
        return 2;
      }
      drain_seconds = static_cast<int32_t>(v);
    } else if (arg == "--output-budget-mb") {
      const long v = std::strtol(value("--output-budget-mb"), nullptr, 10);
      if (v < 1 || v > 65536) {
        std::fprintf(stderr, "checkout-server: --output-budget-mb must be 1..65536\n");
        return 2;
      }
      output_budget_mb = static_cast<uint64_t>(v);
    } else if (arg == "--hold-check-seconds") {
      const long v = std::strtol(value("--hold-check-seconds"), nullptr, 10);
      if (v < 0 || v > 86400) {
        std::fprintf(stderr, "checkout-server: --hold-check-seconds must be 0..86400\n");
        return 2;
      }
      hold_check_seconds = v;
    } else if (arg == "--trusted-proxy") {
      trusted_proxies.addresses.emplace_back(value("--trusted-proxy"));
    } else if (arg == "--stock-resync-ms" || arg == "--stock-poll-ms") {
      const long v = std::strtol(value(arg.c_str()), nullptr, 10);
      if (v < 0 || v > 3'600'000) {
        std::fprintf(stderr, "checkout-server: %s must be 0..3600000\n", arg.c_str());
        return 2;
      }
      (arg == "--stock-resync-ms" ? feed_options.reconcile_ms : feed_options.poll_ms) = static_cast<int32_t>(v);
    } else {
      std::fprintf(stderr, "checkout-server: unknown option %s (see --help)\n", arg.c_str());
      return 2;
    }
  }
  for (const std::string& origin : cors.allowed_origins) {
    if (!server::valid_origin(origin)) {
      std::fprintf(stderr,
                   "checkout-server: allowed origin \"%s\" is not scheme://host[:port] (http or https, no path)\n",
                   origin.c_str());
      return 2;
    }
  }
  const std::string repo = find_repo_root();
  if (data.empty()) data = repo + "/server-stub/data/demo";
  if (web.empty()) web = repo + "/web";
  if (wasm.empty()) wasm = repo + "/build/wasm";
  const std::string catalog_path = is_file(data) ? data : data + "/catalog.json";

  // Signals are taken by one thread with sigwait, never by a handler that
  // could interrupt a transaction; every thread started below inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  try {
    http::Limits limits;
    limits.workers = workers;
    limits.max_output_bytes = output_budget_mb * 1024 * 1024;
    http::Server http_server(limits);

    const bool postgres = server::is_postgres_url(db);
    std::unique_ptr<server::Storage> storage;
    if (postgres) {
      server::PostgresOptions options;
      options.url = db;
      options.connections = db_connections > 0 ? db_connections : static_cast<int32_t>(workers);
      storage = server::open_postgres_storage(options);
    } else {
      server::SqliteOptions options;
      options.path = server::sqlite_path(db);
      options.durable_sync = durable_sync;
      options.readers = static_cast<int32_t>(workers);
      storage = server::open_sqlite_storage(options);
    }
    server::AppConfig config;
    config.web_dir = web;
    config.wasm_dir = wasm;
    // Staff accounts live beside the orders unless named apart; on
    // PostgreSQL the failed sign-ins are counted there too, for every instance.
    config.accounts_db = !accounts_db.empty() ? accounts_db : db;
    if (server::is_postgres_url(config.accounts_db)) {
      config.signin_throttle = server::make_postgres_signin_throttle(config.accounts_db);
    }
    config.secure_cookies = secure_cookies;
    // Instances sharing the database hear of each other's stock changes;
    // on PostgreSQL they also share the coupon-guessing allowance.
    if (postgres) {
      config.change_feed = server::make_postgres_change_feed(db, feed_options);
      config.coupon_guard = server::make_postgres_coupon_guard(db);
    } else {
      config.change_feed = server::make_sqlite_change_feed(server::sqlite_path(db), feed_options);
    }
    std::unique_ptr<server::LiveCatalog> catalog = server::LiveCatalog::load_file(catalog_path);
    const server::LiveCatalog& catalog_view = *catalog;
    server::App app(
        config, std::move(storage), std::move(catalog),
        [&http_server](const std::string& event, const std::string& payload) { http_server.broadcast(event, payload); },
        [fixed_clock] { return fixed_clock ? *fixed_clock : server::wall_clock_seconds(); });
    app.start();
    app.start_pickup_holds(hold_check_seconds);
    std::vector<server::IssuedLink> links;
    try {
      links = server::provision_staff(app.staff_accounts(), catalog_view, staff);
    } catch (const std::invalid_argument& e) {
      std::fprintf(stderr, "checkout-server: %s\n", e.what());
      return 2;
    }

    http_server.set_handler([&app, &cors, &trusted_proxies](const http::Request& received) {
      if (auto decided = server::cors_intercept(received, cors)) return *decided;
      // Behind a trusted proxy the client is the one it names (client_address.h).
      std::optional<http::Request> forwarded;
      if (trusted_proxies.trusts(received.remote_ip)) {
        forwarded = received;
        forwarded->remote_ip =
            server::client_address(received.remote_ip, received.header("x-forwarded-for"), trusted_proxies);
      }
      const http::Request& r = forwarded ? *forwarded : received;
      http::Response response;
      try {
        response = app.handle(r);
      } catch (const server::StorageFault& fault) {
        std::fprintf(stderr, "checkout-server: storage fault: %s\n", fault.what());
        response = server::storage_fault_response(fault);
      }
      for (auto& header : server::cors_response_headers(r, cors)) response.headers.push_back(std::move(header));
      return response;
    });
    http_server.set_inline(&server::App::is_inline, [&app](const http::Request& r) { return app.health(r); });
    if (!http_server.listen(host, port)) {
      std::fprintf(stderr, "checkout-server: cannot listen on %s:%u: %s\n", host.c_str(), port,
                   http_server.error().c_str());
      return 1;
    }
    if (fixed_clock) {
      std::fprintf(stderr, "checkout-server: the clock is fixed at %s (--fixed-clock: for tests)\n",
                   checkout::format_utc(*fixed_clock).c_str());
    }
    // A URL may carry a password: name the engine only.
    std::fprintf(stderr, "checkout-server: catalog %s, database %s%s\n", catalog_path.c_str(),
                 postgres ? "PostgreSQL" : server::sqlite_path(db).c_str(),
                 durable_sync ? " (synchronous=FULL)" : "");
    std::printf("Checkout server listening on http://%s:%u/\n", host.c_str(), http_server.port());
    // Printed once: the token is stored only as a hash, so no later start can print it again.
    for (const server::IssuedLink& link : links) {
      std::printf("Staff sign-in link for %s (one-time, 24 h): http://%s:%u%s\n", link.username.c_str(), host.c_str(),
                  http_server.port(), server::signin_link_path(link.token).c_str());
    }
    std::fflush(stdout);

    // The first signal drains (every request already started is answered);
    // a second one means "now": exit without waiting for anything.
    std::atomic<bool> served{false};
    std::thread signal_thread([&] {
      bool draining = false;
      for (;;) {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        if (served.load()) return;
        if (draining) {
          std::fprintf(stderr, "checkout-server: second signal, exiting at once\n");
          std::_Exit(128 + sig);
        }
        draining = true;
        http_server.drain(drain_seconds * 1000);
      }
    });
    http_server.run();
    // run() also returns if the server stops for another reason: wake the
    // signal thread so it can be joined.
    served = true;
    pthread_kill(signal_thread.native_handle(), SIGTERM);
    signal_thread.join();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "checkout-server: %s\n", e.what());
    return 1;
  }
  return 0;
}
