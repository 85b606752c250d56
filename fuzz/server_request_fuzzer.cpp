// libFuzzer target: the server application's request handling (App::handle:
// routing, strict bodies, re-quoting, orders, idempotency, store operations,
// sales, availability, static files) over the demo merchant on a real SQLite
// database in a temporary directory, with a fixed clock.
//
// Input (mutation-friendly, no HTTP framing; the transport has its own target):
//   METHOD SP TARGET LF
//   name: value LF      (any number of headers)
//   LF
//   body...
// An order refused with 409 quote_changed is sent once more with the
// server's own fingerprint and total, so mutated carts really get placed and
// stock, coupon limits and the store queues move.
//
// Oracles: no 5xx; every /api/ answer except 304 is JSON, every error has the
// {"error":{"code","message","path"}} shape with a known status; and every
// 64 inputs the stock audit (on_hand = available + reserved + committed,
// available >= 0, reservations explained by orders) finds nothing.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "app.h"
#include "checkout/civil_time.h"
#include "request_parser.h"

namespace {

using server::Json;

[[noreturn]] void violated(const char* what, const std::string& detail = "") {
  std::fprintf(stderr, "\n*** fuzz oracle violated: %s\n%s\n", what, detail.substr(0, 4000).c_str());
  std::abort();
}

server::App* app = nullptr;
uint64_t inputs_seen = 0;
std::string staff_session;  // an admin's, so store and admin routes are reached past the guard

// A live admin session; a new account when an input signed the last one out
// or revoked it.
const std::string& admin_session(server::App& a) {
  if (!staff_session.empty() && a.staff_accounts().authenticate(staff_session)) return staff_session;
  server::StaffAccounts& accounts = a.staff_accounts();
  const std::string name = "fuzz-admin-" + std::to_string(accounts.count());
  std::optional<server::StaffAccount> made = accounts.create(name, server::StaffRole::Admin, "", std::nullopt);
  if (!made) violated("cannot create the fuzzer's admin", name);
  staff_session = accounts.consume_link(accounts.issue_link(made->id))->token;
  return staff_session;
}

bool has_credentials(const http::Request& r) {
  for (const auto& [name, value] : r.headers) {
    if (name == "authorization" || name == "cookie") return true;
  }
  return false;
}

server::App& the_app() {
  if (app != nullptr) return *app;
  char dir[] = "/tmp/checkout-fuzz-XXXXXX";
  if (mkdtemp(dir) == nullptr) violated("mkdtemp failed");
  std::fprintf(stderr, "server_request fuzzer: database in %s (not removed: inspect after a crash)\n", dir);
  server::SqliteOptions storage;
  storage.path = std::string(dir) + "/checkout.db";
  storage.readers = 1;
  const std::string repo = CHECKOUT_SOURCE_DIR;
  server::AppConfig config;
  config.web_dir = repo + "/web";
  config.wasm_dir = repo + "/build/wasm";
  const int64_t now = *checkout::parse_rfc3339("2026-11-23T15:00:00Z");
  app = new server::App(config, server::open_sqlite_storage(storage),
                        server::LiveCatalog::load_file(repo + "/server-stub/data/demo/catalog.json"),
                        [](const std::string&, const std::string&) {}, [now] { return now; });
  app->start();
  return *app;
}

bool parse_input(std::string_view in, http::Request& r) {
  const size_t eol = in.find('\n');
  if (eol == std::string_view::npos) return false;
  const std::string_view line = in.substr(0, eol);
  const size_t sp = line.find(' ');
  if (sp == std::string_view::npos) return false;
  r.method = std::string(line.substr(0, sp));
  r.target = std::string(line.substr(sp + 1));
  if (r.target.empty() || r.target[0] != '/') return false;
  // The transport lets only visible ASCII (no '#') through in a target;
  // anything else reaches the app percent-encoded.
  for (unsigned char c : r.target) {
    if (c <= 0x20 || c >= 0x7f || c == '#') return false;
  }
  const size_t question = r.target.find('?');
  if (question != std::string::npos) r.query = r.target.substr(question + 1);
  // As the transport does: a path it could not decode never reaches the app.
  if (!http::percent_decode(std::string_view(r.target).substr(0, question), false, r.path)) return false;
  in.remove_prefix(eol + 1);
  for (;;) {
    const size_t end = in.find('\n');
    const std::string_view header = in.substr(0, end);
    in = end == std::string_view::npos ? std::string_view() : in.substr(end + 1);
    if (header.empty()) break;
    const size_t colon = header.find(':');
    if (colon == std::string_view::npos) return false;
    std::string name(header.substr(0, colon));
    std::string_view value = header.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    // The transport only lets tokens and field values through.
    if (!http::is_http_token(name) || !http::is_http_field_value(value)) return false;
    r.headers.emplace_back(std::move(name), std::string(value));
  }
  r.body = std::string(in);
  return true;
}

const std::set<int> kStatuses = {200, 201, 304, 400, 401, 403, 404, 405, 409, 413, 422, 429};

Json check_response(const http::Request& r, const http::Response& resp) {
  if (resp.status >= 500) violated("5xx answer", r.method + " " + r.target + " -> " + std::to_string(resp.status) + " " + resp.body);
  if (!kStatuses.count(resp.status)) violated("unexpected status", std::to_string(resp.status));
  if (r.path.rfind("/api/", 0) != 0 || resp.status == 304 || resp.event_stream) return Json();
  Json body = Json::parse(resp.body, nullptr, false);
  if (body.is_discarded()) violated("an API answer is not JSON", resp.body);
  if (resp.status >= 400) {
    const Json* e = body.is_object() && body.contains("error") ? &body["error"] : nullptr;
    if (e == nullptr || !e->is_object() || !(*e)["code"].is_string() || !(*e)["message"].is_string() ||
        !(*e)["path"].is_string()) {
      violated("error without code, message and path", resp.body);
    }
    if ((*e)["code"] == "internal") violated("internal error", resp.body);
  }
  return body;
}

}  // namespace

// The app (demo catalog, SQLite schema) is built before fuzzing starts:
// libFuzzer times inputs, not this, and with -fork every child starts anew.
// Lazily, the first input of each child paid ~2.5 s (20+ s on a loaded
// machine): six "timeouts" of scripts/fuzz.sh, even for the empty input.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  the_app();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  server::App& a = the_app();
  http::Request r;
  if (!parse_input(std::string_view(reinterpret_cast<const char*>(data), size), r)) return 0;
  // Spread inputs over many client addresses so the coupon rate limit (10
  // unknown codes a minute per address) does not end up refusing everything.
  r.remote_ip = "10.0." + std::to_string(size % 251) + "." + std::to_string(data[size / 2]);
  // Inputs that bring no credentials of their own act as an admin, so the
  // store and admin handlers are fuzzed too, not only their 401.
  if (!has_credentials(r)) r.headers.emplace_back("authorization", "Bearer " + admin_session(a));
  http::Response resp = a.handle(r);
  Json body = check_response(r, resp);

  if (r.method == "POST" && r.path == "/api/orders" && resp.status == 409 && body.is_object() &&
      body["error"]["code"] == "quote_changed" && body["quote"].is_object()) {
    Json order = Json::parse(r.body, nullptr, false);
    if (order.is_object() && order["client_quote"].is_object()) {
      order["client_quote"]["fingerprint"] = body["quote"]["fingerprint"];
      order["client_quote"]["grand_total"] = body["quote"]["binding"]["totals"]["grand_total"];
      order["client_quote"]["binding"] = body["quote"]["binding"];
      r.body = order.dump();
      check_response(r, a.handle(r));
    }
  }

  if (++inputs_seen % 64 == 0) {
    http::Request audit;
    audit.method = "GET";
    audit.target = audit.path = "/api/admin/audit";
    audit.remote_ip = "127.0.0.1";
    audit.headers.emplace_back("authorization", "Bearer " + admin_session(a));
    const http::Response report = a.handle(audit);
    if (report.status != 200 || report.body.find("\"consistent\":true") == std::string::npos) {
      violated("stock audit", report.body);
    }
  }
  return 0;
}
