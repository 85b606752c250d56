// Structured input errors. Inside the core, bad input is reported by throwing
// InputError; the public entry points (include/checkout/engine.h) catch it and
// return a Result, so no exception ever crosses into JavaScript or the server.
#pragma once
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "checkout/codes.h"
#include "checkout/error.h"

namespace checkout {

class InputError : public std::exception {
 public:
  explicit InputError(Error e) : error_(std::move(e)) {}
  const Error& error() const { return error_; }
  const char* what() const noexcept override { return error_.message.c_str(); }

 private:
  Error error_;
};

// `code` is one of err:: (checkout/codes.h, generated from
// shared-core/codes/codes.json), so a misspelt code does not compile.
[[noreturn]] inline void fail(ErrorCode code, std::string message, std::string path = "") {
  throw InputError(Error{code, std::move(message), std::move(path)});
}
// The same, naming what the sentence is about (a limit, a SKU) for clients that
// say it in another language.
[[noreturn]] inline void fail(ErrorCode code, std::string message, std::string path, std::vector<Param> params) {
  throw InputError(Error{code, std::move(message), std::move(path), std::move(params)});
}

}  // namespace checkout
