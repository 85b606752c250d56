// gzip and brotli for public bodies (static files, the catalog), with
// Accept-Encoding negotiation and a process-wide cache. See compression.h.
#include "compression.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

namespace server {
namespace {

// Fast enough for a request to wait on (the 270 KB .wasm or the 400 KB demo
// catalog: ~30 ms; quality 5 would save ~15 ms but leaves the catalog no
// smaller than gzip), then the best quality in the background (~1.4 s for
// either; the .wasm 10 %, the catalog 20 % smaller than quality 8).
constexpr int kBrotliFast = 8;
constexpr int kBrotliBest = 11;
// Gzip is the fallback for clients without brotli: level 9 costs 5x the
// time of 6 on the catalog (~90 ms vs ~15 ms) for 5 % fewer bytes.
constexpr int kGzipLevel = 6;
// Below this, headers outweigh the saving.
constexpr size_t kMinCompressBytes = 512;
// Bounds on the cache: it holds files of two fixed directories and the
// catalog, so these are never reached in practice; beyond them a body is
// compressed per request and not kept.
constexpr size_t kMaxEntries = 512;
constexpr size_t kMaxBestBytes = 8 * 1024 * 1024;  // larger bodies keep the fast brotli

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equals_lower(std::string_view a, std::string_view lower_b) {
  if (a.size() != lower_b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower_b[i]) return false;
  }
  return true;
}

// q-value of one Accept-Encoding member's parameters: 1 unless "q=0..." says
// otherwise; only "is it zero" matters here.
bool accepted(std::string_view params) {
  size_t start = 0;
  while (start < params.size()) {
    size_t semi = params.find(';', start);
    if (semi == std::string_view::npos) semi = params.size();
    std::string_view p = trim(params.substr(start, semi - start));
    if (p.size() >= 2 && lower(p[0]) == 'q' && p[1] == '=') {
      std::string_view v = trim(p.substr(2));
      // "0", "0.", "0.0", "0.000": refused; anything else with a non-zero digit: accepted.
      for (char c : v) {
        if (c >= '1' && c <= '9') return true;
      }
      return false;
    }
    start = semi + 1;
  }
  return true;
}

struct Entry {
  std::string version;
  std::shared_ptr<const std::string> body;  // kept until brotli is at its best
  std::shared_ptr<const std::string> gzip, brotli;
  bool gzip_done = false, brotli_done = false;  // tried (a null result means "send identity")
  bool gzip_busy = false, brotli_busy = false;  // a request is compressing this version now
  bool brotli_best = false, upgrade_queued = false;

  bool& done(Encoding e) { return e == Encoding::Brotli ? brotli_done : gzip_done; }
  bool& busy(Encoding e) { return e == Encoding::Brotli ? brotli_busy : gzip_busy; }
  std::shared_ptr<const std::string>& result(Encoding e) { return e == Encoding::Brotli ? brotli : gzip; }
};

// Never destroyed (intentionally leaked), so the detached worker can never
// touch a destroyed cache while the process exits.
struct Cache {
  std::mutex mu;
  std::condition_variable wake;      // the upgrade worker: work queued
  std::condition_variable finished;  // requests: a compression ended or its version was superseded
  std::map<std::string, Entry> entries;
  std::deque<std::string> upgrades;
  bool worker_started = false;

  static Cache& instance() {
    static Cache* cache = new Cache;
    return *cache;
  }

  void worker() {
    for (;;) {
      std::string key;
      std::string version;
      std::shared_ptr<const std::string> body;
      {
        std::unique_lock<std::mutex> lock(mu);
        wake.wait(lock, [&] { return !upgrades.empty(); });
        key = upgrades.front();
        upgrades.pop_front();
        auto it = entries.find(key);
        if (it == entries.end() || !it->second.body) continue;
        version = it->second.version;
        body = it->second.body;
      }
      std::optional<std::string> best = brotli_compress(*body, kBrotliBest);
      std::lock_guard<std::mutex> lock(mu);
      auto it = entries.find(key);
      if (it == entries.end() || it->second.version != version) continue;  // superseded meanwhile
      Entry& e = it->second;
      e.upgrade_queued = false;
      e.brotli_best = true;
      if (best && best->size() < body->size() && (!e.brotli || best->size() < e.brotli->size())) {
        e.brotli = std::make_shared<const std::string>(std::move(*best));
      }
      e.body.reset();
    }
  }

  // Under mu.
  // Only files: they change with a deploy. The catalog gets a new version with
  // every stock change (each order, at peak many a second), so its ~1.4 s
  // best-quality pass would keep a core busy redoing superseded versions.
  void queue_upgrade(const std::string& key, Entry& e) {
    if (key.rfind("file:", 0) != 0) return;
    if (e.brotli_best || e.upgrade_queued || !e.body || e.body->size() > kMaxBestBytes) return;
    e.upgrade_queued = true;
    upgrades.push_back(key);
    if (!worker_started) {
      worker_started = true;
      std::thread([this] { worker(); }).detach();
    }
    wake.notify_one();
  }
};

std::atomic<uint64_t> g_request_compressions{0};

std::shared_ptr<const std::string> compress_fast(const std::string& body, Encoding e) {
  g_request_compressions.fetch_add(1, std::memory_order_relaxed);
  std::optional<std::string> out =
      e == Encoding::Brotli ? brotli_compress(body, kBrotliFast) : gzip_compress(body, kGzipLevel);
  if (!out || out->size() >= body.size()) return nullptr;
  return std::make_shared<const std::string>(std::move(*out));
}

}  // namespace

Encoding negotiate_encoding(const http::Request& r) {
  const std::string* header = r.header("accept-encoding");
  if (header == nullptr) return Encoding::Identity;
  std::string_view list = *header;
  bool br = false, gzip = false, star = false, br_named = false, gzip_named = false;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view member = trim(list.substr(start, comma - start));
    const size_t semi = member.find(';');
    const std::string_view coding = trim(member.substr(0, semi));
    const bool ok = semi == std::string_view::npos || accepted(member.substr(semi + 1));
    if (equals_lower(coding, "br")) {
      br_named = true;
      br = ok;
    } else if (equals_lower(coding, "gzip") || equals_lower(coding, "x-gzip")) {
      gzip_named = true;
      gzip = ok;
    } else if (coding == "*") {
      star = ok;
    }
    start = comma + 1;
  }
  if (br || (star && !br_named)) return Encoding::Brotli;
  if (gzip || (star && !gzip_named)) return Encoding::Gzip;
  return Encoding::Identity;
}

const char* encoding_token(Encoding e) {
  switch (e) {
    case Encoding::Brotli: return "br";
    case Encoding::Gzip: return "gzip";
    case Encoding::Identity: break;
  }
  return "";
}

bool compressible_type(std::string_view type) {
  return type.rfind("text/", 0) == 0 || type.rfind("application/json", 0) == 0 ||
         type.rfind("application/javascript", 0) == 0 || type.rfind("application/wasm", 0) == 0 ||
         type.rfind("image/svg+xml", 0) == 0;
}

std::string etag_for_encoding(const std::string& etag, Encoding e) {
  if (e == Encoding::Identity || etag.size() < 2 || etag.back() != '"') return etag;
  return etag.substr(0, etag.size() - 1) + "-" + encoding_token(e) + "\"";
}

bool if_none_match(const http::Request& r, const std::string& etag) {
  const std::string* header = r.header("if-none-match");
  if (header == nullptr) return false;
  const std::string_view want = std::string_view(etag).substr(etag.rfind("W/", 0) == 0 ? 2 : 0);
  std::string_view list = *header;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view tag = trim(list.substr(start, comma - start));
    if (tag == "*") return true;
    if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);  // weak comparison (RFC 9110 13.1.2)
    if (!tag.empty() && tag == want) return true;
    start = comma + 1;
  }
  return false;
}

std::shared_ptr<const std::string> cached_compressed(const std::string& key, const std::string& version,
                                                     Encoding e,
                                                     const std::shared_ptr<const std::string>& body) {
  if (e == Encoding::Identity || !body || body->size() < kMinCompressBytes) return nullptr;
  Cache& cache = Cache::instance();
  std::unique_lock<std::mutex> lock(cache.mu);
  auto it = cache.entries.find(key);
  if (it == cache.entries.end()) {
    if (cache.entries.size() >= kMaxEntries) {
      lock.unlock();
      return compress_fast(*body, e);
    }
    it = cache.entries.emplace(key, Entry{}).first;
  }
  Entry& entry = it->second;  // entries are never erased, so this stays valid unlocked
  if (entry.version != version) {
    entry = Entry{};
    entry.version = version;
    entry.body = body;
    cache.finished.notify_all();  // waiters for the old version stop waiting
  }
  // One compression per version and coding: a burst of first requests (the
  // catalog's version changes with every order) waits ~30 ms for it instead
  // of each spending that much of a worker on the same bytes.
  cache.finished.wait(lock, [&] { return entry.version != version || !entry.busy(e); });
  if (entry.version != version) {  // superseded while waiting; this request still wants its own version
    lock.unlock();
    return compress_fast(*body, e);
  }
  if (entry.done(e)) return entry.result(e);
  entry.busy(e) = true;
  lock.unlock();
  std::shared_ptr<const std::string> out;
  try {
    out = compress_fast(*body, e);
  } catch (...) {  // out of memory: let the next request try, never leave waiters stuck
    lock.lock();
    if (entry.version == version) entry.busy(e) = false;
    cache.finished.notify_all();
    throw;
  }
  lock.lock();
  if (entry.version == version) {
    entry.busy(e) = false;
    entry.done(e) = true;
    entry.result(e) = out;
    if (e == Encoding::Brotli) cache.queue_upgrade(key, entry);
    out = entry.result(e);
  }
  cache.finished.notify_all();
  return out;
}

uint64_t request_compressions() { return g_request_compressions.load(std::memory_order_relaxed); }

std::optional<std::string> gzip_compress(std::string_view data, int level) {
  z_stream zs{};
  // 15 + 16: a 32 KiB window with the gzip header and trailer.
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const size_t written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

std::optional<std::string> brotli_compress(std::string_view data, int quality) {
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) return std::nullopt;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, data.size(),
                             reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

}  // namespace server
