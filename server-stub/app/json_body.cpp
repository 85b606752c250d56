#include "json_body.h"

#include <utility>
#include <vector>

namespace server {

std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

namespace {

using Json = nlohmann::json;

// Builds the document like nlohmann's own DOM parser, with the checks added.
class StrictSax : public nlohmann::json_sax<Json> {
 public:
  explicit StrictSax(int32_t max_depth) : max_depth_(max_depth) {}

  Json root;
  std::optional<BodyError> error;

  bool null() override { return put(Json(nullptr)); }
  bool boolean(bool v) override { return put(Json(v)); }
  bool number_integer(number_integer_t v) override { return put(Json(v)); }
  // Up to 2^64 - 1 the number goes on to the core, whose field readers say
  // what is wrong with it (quantity_too_large, ...), exactly as in the browser.
  bool number_unsigned(number_unsigned_t v) override { return put(Json(v)); }
  bool number_float(number_float_t, const string_t& text) override {
    // nlohmann hands over integers beyond 64 bits as doubles (an integer
    // literal has no '.', 'e' or 'E'): an overflow, as the core's parser says.
    if (text.find_first_of(".eE") == string_t::npos) return overflow();
    return fail("wrong_type", "Numbers must be integers (amounts are in minor units, rates are strings).", value_path());
  }
  bool string(string_t& v) override { return put(Json(std::move(v))); }
  bool binary(binary_t&) override { return fail("malformed_json", "Binary values are not JSON.", value_path()); }

  bool start_object(std::size_t) override { return open(Json::object()); }
  bool key(string_t& k) override {
    Json& object = *stack_.back().node;
    if (object.contains(k)) {
      return fail("duplicate_key", "The key \"" + k + "\" appears twice in one object.",
                  path_of(stack_.size()) + "/" + pointer_token(k));
    }
    stack_.back().key = std::move(k);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(Json::array()); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    if (!error) {
      error = BodyError{"malformed_json", "The body is not valid JSON (at byte " + std::to_string(position) + ").", ""};
    }
    return false;
  }

 private:
  struct Frame {
    Json* node;
    std::string key;  // pending key inside an object
  };

  bool overflow() { return fail("overflow", "This integer does not fit in 64 bits.", value_path()); }

  bool fail(std::string code, std::string message, std::string path) {
    error = BodyError{std::move(code), std::move(message), std::move(path)};
    return false;
  }

  // Pointer of the first `depth` containers.
  std::string path_of(size_t depth) const {
    std::string path;
    for (size_t i = 1; i < depth; ++i) {
      const Frame& parent = stack_[i - 1];
      if (parent.node->is_object()) path += "/" + pointer_token(parent.key);
      else path += "/" + std::to_string(parent.node->size() - 1);
    }
    return path;
  }

  std::string value_path() const {
    if (stack_.empty()) return "";
    const Frame& top = stack_.back();
    if (top.node->is_object()) return path_of(stack_.size()) + "/" + pointer_token(top.key);
    return path_of(stack_.size()) + "/" + std::to_string(top.node->size());
  }

  Json* place(Json&& v) {
    if (stack_.empty()) {
      root = std::move(v);
      return &root;
    }
    Frame& top = stack_.back();
    if (top.node->is_object()) return &((*top.node)[top.key] = std::move(v));
    top.node->push_back(std::move(v));
    return &top.node->back();
  }

  bool put(Json&& v) {
    place(std::move(v));
    return true;
  }

  bool open(Json&& container) {
    if (static_cast<int32_t>(stack_.size()) >= max_depth_) {
      return fail("too_deep", "The body nests deeper than " + std::to_string(max_depth_) + " levels.", value_path());
    }
    Json* node = place(std::move(container));
    stack_.push_back(Frame{node, {}});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  int32_t max_depth_;
  std::vector<Frame> stack_;
};

}  // namespace

ParsedBody parse_body(std::string_view text, int32_t max_depth) {
  StrictSax sax(max_depth);
  ParsedBody out;
  const bool ok = Json::sax_parse(text.begin(), text.end(), &sax, nlohmann::json::input_format_t::json, true);
  if (!ok || sax.error) {
    out.error = sax.error ? *sax.error : BodyError{"malformed_json", "The body is not valid JSON.", ""};
    return out;
  }
  out.value = std::move(sax.root);
  return out;
}

}  // namespace server
