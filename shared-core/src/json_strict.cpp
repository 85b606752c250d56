// Strict JSON parsing through our own SAX handler: nlohmann's DOM parser has no
// depth limit, lets duplicate keys overwrite each other and turns oversized
// integers into doubles. Building the DOM here lets us refuse all three at the
// exact place they occur, without recursion and without exceptions escaping.
#include "json_strict.h"

#include <cstddef>
#include <cstring>
#include <new>
#include <optional>
#include <utility>
#include <vector>

#include "error.h"
#include "json_plain.h"
#include "json_writer.h"

namespace checkout {
namespace {

std::string decimal(uint64_t v) {
  char buf[20];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  std::string out;
  while (n > 0) out.push_back(buf[--n]);
  return out;
}

// nlohmann's parse messages echo the offending input, which may be invalid
// UTF-8 or megabytes long; an error message must be short printable ASCII so
// it can itself be written out as JSON.
std::string printable_detail(std::string_view text) {
  constexpr std::size_t kMaxDetail = 200;
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (char ch : text) {
    if (out.size() >= kMaxDetail) {
      out += "...";
      break;
    }
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(ch);
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
// -> "syntax error ...": the byte offset we report replaces line/column.
std::string_view strip_exception_prefix(std::string_view what) {
  if (!what.empty() && what.front() == '[') {
    const std::size_t close = what.find("] ");
    if (close != std::string_view::npos) what.remove_prefix(close + 2);
  }
  constexpr std::string_view kParseError = "parse error";
  if (what.substr(0, kParseError.size()) == kParseError) {
    const std::size_t colon = what.find(": ");
    if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
  }
  return what;
}

// byte_offset: 0-based offset where the parser noticed the problem, when known.
Error malformed(std::optional<uint64_t> byte_offset, std::string_view what) {
  std::string where = byte_offset ? " at byte offset " + decimal(*byte_offset) : std::string();
  return Error{err::malformed_json,
               "The document is not valid JSON" + where + ": " +
                   printable_detail(strip_exception_prefix(what)) + ".",
               ""};
}

// Anything but whitespace after the document, a NUL byte included: nlohmann
// treats NUL as the end of its input, so it must be refused here by name.
Error trailing(uint64_t byte_offset) {
  return Error{err::trailing_bytes,
               "Something other than whitespace follows the JSON document (noticed at byte offset " +
                   decimal(byte_offset) + ").",
               ""};
}

// Builds the DOM like nlohmann's json_sax_dom_parser, but stops at the first
// violation of our rules and remembers it instead of throwing.
class StrictDomBuilder final : public nlohmann::json_sax<Json> {
 public:
  explicit StrictDomBuilder(int32_t max_depth) : max_depth_(max_depth) {}

  Json& root() { return root_; }
  const std::optional<Error>& error() const { return error_; }
  // The byte offset of the syntax error reported by the parser, if any.
  const std::optional<uint64_t>& error_offset() const { return error_offset_; }

  bool null() override { return add_value(Json(nullptr)); }
  bool boolean(bool v) override { return add_value(Json(v)); }
  bool number_integer(number_integer_t v) override { return add_value(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return add_value(Json(v)); }

  bool number_float(number_float_t v, const string_t& text) override {
    // nlohmann gives integers that do not fit 64 bits to us as doubles; an
    // integer literal has no '.', 'e' or 'E', so we can tell them apart.
    if (text.find_first_of(".eE") == string_t::npos) {
      return reject(err::overflow, "This integer does not fit in 64 bits.", path_to_next_value());
    }
    return add_value(Json(v));  // loaders reject floats where integers are expected
  }

  bool string(string_t& v) override { return add_value(Json(std::move(v))); }

  bool binary(binary_t&) override {
    // JSON text has no binary values; only the binary formats produce this.
    error_ = malformed(std::nullopt, "unexpected binary value");
    return false;
  }

  bool start_object(std::size_t) override { return open(Json::value_t::object); }
  bool start_array(std::size_t) override { return open(Json::value_t::array); }

  bool key(string_t& k) override {
    Frame& top = frames_.back();
    // try_emplace leaves `k` untouched when the key is already there.
    auto inserted = top.value->get_ref<Json::object_t&>().try_emplace(std::move(k), nullptr);
    if (!inserted.second) {
      top.key = &k;  // names the duplicate, so the path points at it
      return reject(err::duplicate_key, "This key appears more than once in the same object.",
                    path_to_next_value());
    }
    top.key = &inserted.first->first;  // map keys never move: no copy per member
    object_element_ = &inserted.first->second;
    return true;
  }

  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::json::exception& ex) override {
    // position counts the bytes read including the offending one.
    const uint64_t read = static_cast<uint64_t>(position);
    const uint64_t offset = read > 0 ? read - 1 : 0;
    error_offset_ = offset;
    error_ = root_done_ ? trailing(offset) : malformed(offset, ex.what());
    return false;
  }

 private:
  struct Frame {
    Json* value;                      // the open array or object
    const std::string* key = nullptr;  // objects: the key of the member being read
  };

  bool reject(ErrorCode code, std::string message, std::string path) {
    error_ = Error{code, std::move(message), std::move(path)};
    return false;
  }

  bool open(Json::value_t type) {
    if (static_cast<int64_t>(frames_.size()) >= static_cast<int64_t>(max_depth_)) {
      return reject(err::too_deep,
                    "Arrays and objects are nested deeper than " +
                        decimal(static_cast<uint64_t>(max_depth_ < 0 ? 0 : max_depth_)) +
                        " levels here.",
                    path_to_next_value());
    }
    Json* slot = place(Json(type));
    frames_.push_back(Frame{slot, nullptr});
    return true;
  }

  bool close() {
    frames_.pop_back();
    if (frames_.empty()) root_done_ = true;
    return true;
  }

  bool add_value(Json&& v) {
    place(std::move(v));
    return true;
  }

  // Puts a value where the parser is: the root, the end of the open array,
  // or the member whose key was just read.
  Json* place(Json&& v) {
    if (frames_.empty()) {
      root_ = std::move(v);
      // A scalar root is complete at once; an array or object when it closes.
      root_done_ = !root_.is_array() && !root_.is_object();
      return &root_;
    }
    Json& top = *frames_.back().value;
    if (top.is_array()) {
      auto& arr = top.get_ref<Json::array_t&>();
      arr.push_back(std::move(v));
      return &arr.back();
    }
    *object_element_ = std::move(v);
    return object_element_;
  }

  // JSON Pointer of the value about to be placed. Frames below the top hold an
  // open child: their array's last element, or the member named by their key.
  std::string path_to_next_value() const {
    std::string path;
    for (std::size_t i = 0; i < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      const bool is_top = i + 1 == frames_.size();
      path += '/';
      if (f.value->is_array()) {
        const uint64_t size = static_cast<uint64_t>(f.value->size());
        path += decimal(is_top ? size : size - 1);
      } else {
        path += f.key ? pointer_token(*f.key) : std::string();
      }
    }
    return path;
  }

  int32_t max_depth_;
  Json root_;
  std::vector<Frame> frames_;
  Json* object_element_ = nullptr;
  bool root_done_ = false;
  std::optional<Error> error_;
  std::optional<uint64_t> error_offset_;
};

}  // namespace

Json parse_json_strict(std::string_view text, const JsonLimits& limits) {
  const uint64_t size = static_cast<uint64_t>(text.size());
  if (size > limits.max_bytes) {
    fail(err::too_large, "The document is " + decimal(size) + " bytes; the limit is " +
                          decimal(limits.max_bytes) + " bytes.");
  }
  // Most documents break no rule: read them on the fast path. Anything else
  // (an error, a float) is read again below, which names the error.
  try {
    if (std::optional<Json> plain = parse_plain_json(text, limits.max_depth)) return std::move(*plain);
  } catch (const std::bad_alloc&) {
    // the full parser below meets the same shortage and reports it
  }
  StrictDomBuilder builder(limits.max_depth);
  bool ok = false;
  try {
    ok = Json::sax_parse(text.data(), text.data() + text.size(), &builder,
                         Json::input_format_t::json, /*strict=*/true, /*ignore_comments=*/false);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(malformed(static_cast<uint64_t>(e.byte > 0 ? e.byte - 1 : 0), e.what()));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(malformed(std::nullopt, e.what()));
  } catch (const std::bad_alloc&) {
    fail(err::too_large, "The document needs more memory than is available.");
  }
  // JSON text never holds a raw NUL (not even inside a string), and nlohmann
  // stops reading at one as if the input ended there.
  const void* nul = std::memchr(text.data(), '\0', text.size());
  const uint64_t nul_offset =
      nul == nullptr ? size : static_cast<uint64_t>(static_cast<const char*>(nul) - text.data());
  if (ok && nul != nullptr) throw InputError(trailing(nul_offset));
  if (!ok) {
    if (nul != nullptr && builder.error_offset() && *builder.error_offset() >= nul_offset &&
        builder.error()->code == "malformed_json") {
      throw InputError(malformed(nul_offset, "a NUL byte, which must be written \\u0000 inside a string"));
    }
    if (builder.error()) throw InputError(*builder.error());
    throw InputError(malformed(std::nullopt, "the parser stopped without saying why"));
  }
  return std::move(builder.root());
}

Result<Json> parse_strict_json(std::string_view text, const JsonLimits& limits) {
  try {
    return parse_json_strict(text, limits);
  } catch (const InputError& e) {
    return e.error();
  } catch (const std::exception&) {
    return Error{err::internal, "Internal error while reading JSON.", ""};
  }
}

std::string canonical_dump(const Json& j) {
  try {
    // Strict UTF-8: an invalid string must fail loudly, never be replaced
    // silently in one build and not the other.
    return j.dump(-1, ' ', false, Json::error_handler_t::strict);
  } catch (const nlohmann::json::exception&) {
    fail_not_utf8();
  }
}

std::string pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace checkout
