// GET / (the demo storefront), /web/... and /wasm/... from disk.
#pragma once
#include <string>

#include "http_server.h"

namespace server {

class StaticFiles {
 public:
  StaticFiles(std::string web_dir, std::string wasm_dir) : web_dir_(std::move(web_dir)), wasm_dir_(std::move(wasm_dir)) {}

  // web/demo/index.html, or a placeholder page while it is not built.
  http::Response get_index(const http::Request& r) const;
  // `relative`: the path below /web/ or /wasm/.
  http::Response get_web(const http::Request& r, const std::string& relative) const;
  http::Response get_wasm(const http::Request& r, const std::string& relative) const;

 private:
  std::string web_dir_;
  std::string wasm_dir_;
};

}  // namespace server
