// GET / (the demo storefront), /web/... and /wasm/... from disk, with MIME
// types, a Content-Security-Policy, and no way out of the two roots:
// ".." segments are refused and the real path (symlinks resolved) must stay
// inside the root's real path. Text, scripts and wasm go out brotli- or
// gzip-compressed when the client accepts it (compression.h), each
// representation with its own ETag, revalidated (304) on every use, except
// content-hashed names (the bundle in web/dist/), which never change and are
// cached for a year without asking.
#include "static_files.h"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <sys/stat.h>

#include "api_support.h"
#include "compression.h"

namespace server {
namespace {

constexpr off_t kMaxStaticBytes = 64 * 1024 * 1024;

// No inline script or style; wasm compiles under 'wasm-unsafe-eval'.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'";

const char* mime_type(const std::string& path) {
  const size_t dot = path.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  if (ext == "html" || ext == "htm") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json";
  if (ext == "wasm") return "application/wasm";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "webp") return "image/webp";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::string real_path(const std::string& path) {
  char buf[PATH_MAX];
  if (realpath(path.c_str(), buf) == nullptr) return "";
  return buf;
}

bool safe_relative(const std::string& rel) {
  if (rel.find('\0') != std::string::npos || rel.find('\\') != std::string::npos) return false;
  size_t start = 0;
  while (start <= rel.size()) {
    size_t slash = rel.find('/', start);
    if (slash == std::string::npos) slash = rel.size();
    const std::string segment = rel.substr(start, slash - start);
    if (segment == ".." || segment == ".") return false;
    if (!segment.empty() && segment[0] == '.') return false;  // no dotfiles (.git, .env)
    start = slash + 1;
  }
  return true;
}

// "storefront-checkout.0123456789abcdef.mjs": a name that holds the first 16
// hex digits of the file's hash (scripts/build-web.mjs); new bytes get a new name.
bool content_hashed_name(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const size_t ext = name.rfind('.');
  if (ext == std::string::npos || ext < 17) return false;
  const size_t dot = ext - 17;
  if (name[dot] != '.' || dot == 0) return false;
  for (size_t i = dot + 1; i < ext; ++i) {
    const char c = name[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

http::Response with_security_headers(http::Response r, bool immutable = false) {
  r.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  r.headers.emplace_back("Referrer-Policy", "same-origin");
  r.headers.emplace_back("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

http::Response not_found() { return api_error(404, "not_found", "No such file."); }

// Changes whenever the file is replaced or rewritten: size and mtime in ns.
std::string file_etag(const struct stat& st) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "\"%llx-%llx\"", static_cast<unsigned long long>(st.st_size),
                static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ull +
                    static_cast<unsigned long long>(st.st_mtim.tv_nsec));
  return buf;
}

// Serves root/rel if it is a regular file really inside root; nullopt if not found.
std::optional<http::Response> serve_file(const std::string& root, std::string rel, const http::Request& request) {
  if (!safe_relative(rel)) return not_found();
  const std::string real_root = real_path(root);
  if (real_root.empty()) return std::nullopt;
  std::string candidate = root + "/" + rel;
  struct stat st {};
  if (stat(candidate.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) candidate += "/index.html";
  const std::string real = real_path(candidate);
  if (real.empty()) return std::nullopt;
  if (real.compare(0, real_root.size() + 1, real_root + "/") != 0) return not_found();  // a symlink out of the root
  if (stat(real.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > kMaxStaticBytes) return not_found();
  http::Response r;
  r.content_type = mime_type(real);
  const bool compressible = compressible_type(r.content_type);
  const Encoding encoding = compressible ? negotiate_encoding(request) : Encoding::Identity;
  const std::string version = file_etag(st);
  const bool immutable = content_hashed_name(real);
  if (compressible) r.headers.emplace_back("Vary", "Accept-Encoding");
  // Any representation of this version the client holds is still good (they
  // decode to the same bytes): 304 with its tag, before reading the file.
  for (Encoding held : {Encoding::Identity, Encoding::Gzip, Encoding::Brotli}) {
    if ((held == Encoding::Identity || compressible) && if_none_match(request, etag_for_encoding(version, held))) {
      r.status = 304;
      r.headers.emplace_back("ETag", etag_for_encoding(version, held));
      return with_security_headers(std::move(r), immutable);
    }
  }
  std::ifstream in(real, std::ios::binary);
  if (!in) return not_found();
  std::ostringstream data;
  data << in.rdbuf();
  auto body = std::make_shared<const std::string>(data.str());
  std::shared_ptr<const std::string> encoded = cached_compressed("file:" + real, version, encoding, body);
  if (encoded) {
    r.body = *encoded;
    r.headers.emplace_back("Content-Encoding", encoding_token(encoding));
    r.headers.emplace_back("ETag", etag_for_encoding(version, encoding));
  } else {
    r.body = *body;
    r.headers.emplace_back("ETag", version);
  }
  return with_security_headers(std::move(r), immutable);
}

constexpr const char* kPlaceholderPage = R"html(<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Checkout server</title></head>
<body>
<h1>Checkout server is running</h1>
<p>The demo storefront (<code>web/demo/index.html</code>) is not built yet.</p>
<p>API: <a href="/api/health">/api/health</a>, <a href="/api/catalog">/api/catalog</a>. See docs/api.md.</p>
</body>
</html>
)html";

}  // namespace

http::Response StaticFiles::get_index(const http::Request& r) const {
  if (auto page = serve_file(web_dir_, "demo/index.html", r)) return *page;
  http::Response placeholder;
  placeholder.content_type = "text/html; charset=utf-8";
  placeholder.body = kPlaceholderPage;
  return with_security_headers(std::move(placeholder));
}

http::Response StaticFiles::get_web(const http::Request& r, const std::string& relative) const {
  return serve_file(web_dir_, relative, r).value_or(not_found());
}

http::Response StaticFiles::get_wasm(const http::Request& r, const std::string& relative) const {
  return serve_file(wasm_dir_, relative, r).value_or(not_found());
}

}  // namespace server
