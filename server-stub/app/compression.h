// Compressed responses for the static files and the catalog: content
// negotiation (Accept-Encoding), gzip (zlib) and brotli (libbrotlienc), and a
// small process-wide cache so each file version is compressed once.
//
// Only public, secret-free bodies go through here (static files, the
// catalog): compressing a body that mixes a secret with attacker-chosen text
// would open it to BREACH-style guessing.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http_server.h"

namespace server {

enum class Encoding { Identity, Gzip, Brotli };

// The best coding the request accepts: brotli, then gzip, else identity.
// Honours q-values ("br;q=0" refuses brotli) and "*".
Encoding negotiate_encoding(const http::Request& r);

// The Content-Encoding token ("br", "gzip"); "" for identity.
const char* encoding_token(Encoding e);

// True for text, JSON, JavaScript, wasm and SVG; false for formats that are
// already compressed (images, fonts).
bool compressible_type(std::string_view content_type);

// `etag` (a quoted strong tag) for the representation in `e`: "abc" stays
// "abc" for identity, becomes "abc-br" / "abc-gzip" (a different body is a
// different representation, so it needs its own tag).
std::string etag_for_encoding(const std::string& etag, Encoding e);

// If-None-Match lists `etag` (weak comparison) or is "*".
bool if_none_match(const http::Request& r, const std::string& etag);

// One compressed body from a cache shared by the whole process. `key`
// names the resource ("file:/abs/path", "catalog"); `version` changes with
// its content (only the latest version of a key is kept). `body` is read
// only on a miss. The first request compresses quickly (brotli quality 8,
// gzip 6); for files (keys "file:...") brotli is then redone at quality 11
// on a background thread and later requests get that. Requests that arrive
// while a version is being compressed wait for that one compression. nullptr
// when compression fails or does not shrink the body (send it as identity).
std::shared_ptr<const std::string> cached_compressed(const std::string& key, const std::string& version,
                                                     Encoding e,
                                                     const std::shared_ptr<const std::string>& body);

// How many bodies requests have compressed so far (background upgrades not
// counted): lets tests see that concurrent first requests share one.
uint64_t request_compressions();

// Plain one-shot compression (exposed for tests). nullopt on failure.
std::optional<std::string> gzip_compress(std::string_view data, int level);
std::optional<std::string> brotli_compress(std::string_view data, int quality);

}  // namespace server
