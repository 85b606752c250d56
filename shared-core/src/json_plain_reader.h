// The strict reader behind parse_plain_json (json_plain.cpp): it reads a
// document that breaks no strict rule and declines (returns false) at
// anything that is, or might be, an error or a float; the full parser then
// reports it. Shared with catalog_direct.cpp, which walks a catalog's
// structure with the same primitives instead of building its DOM.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "checkout/utf8.h"
#include "json_strict.h"

namespace checkout {

class PlainReader {
 public:
  PlainReader(std::string_view text, int32_t max_depth)
      : p_(reinterpret_cast<const unsigned char*>(text.data())), end_(p_ + text.size()), max_depth_(max_depth) {}

  bool document(Json& out) {
    skip_space();
    if (!value(out, 0)) return false;
    skip_space();
    return p_ == end_;
  }

  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool literal(const char* word, std::size_t length) {
    if (static_cast<std::size_t>(end_ - p_) < length) return false;
    for (std::size_t i = 0; i < length; ++i) {
      if (p_[i] != static_cast<unsigned char>(word[i])) return false;
    }
    p_ += length;
    return true;
  }

  // `depth`: containers open around this value (the full parser refuses the
  // max_depth + 1st; this declines at the same place).
  bool value(Json& out, int32_t depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{': return object(out, depth);
      case '[': return array(out, depth);
      case '"': {
        std::string s;
        if (!string(s)) return false;
        out = Json(std::move(s));
        return true;
      }
      case 't':
        if (!literal("true", 4)) return false;
        out = Json(true);
        return true;
      case 'f':
        if (!literal("false", 5)) return false;
        out = Json(false);
        return true;
      case 'n':
        if (!literal("null", 4)) return false;
        out = Json(nullptr);
        return true;
      default: return integer(out);
    }
  }

  // -?(0|[1-9][0-9]*), not followed by a fraction or exponent (floats
  // decline), with a magnitude within 64 bits.
  bool whole_number(bool& negative, uint64_t& magnitude) {
    if (p_ == end_) return false;
    negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
    magnitude = 0;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
        const uint64_t digit = static_cast<uint64_t>(*p_ - '0');
        if (magnitude > (UINT64_MAX - digit) / 10) return false;  // beyond 64 bits
        magnitude = magnitude * 10 + digit;
        ++p_;
      }
    }
    return !(p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E' || (*p_ >= '0' && *p_ <= '9')));
  }

  bool integer(Json& out) {
    bool negative = false;
    uint64_t magnitude = 0;
    if (!whole_number(negative, magnitude)) return false;
    if (!negative) {
      out = Json(magnitude);
      return true;
    }
    constexpr uint64_t kMinMagnitude = uint64_t{1} << 63;  // |INT64_MIN|
    if (magnitude > kMinMagnitude) return false;
    out = Json(magnitude == kMinMagnitude ? INT64_MIN : -static_cast<int64_t>(magnitude));
    return true;
  }

  static int32_t hex_digit(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool hex4(uint32_t& unit) {
    if (end_ - p_ < 4) return false;
    unit = 0;
    for (int32_t i = 0; i < 4; ++i) {
      const int32_t d = hex_digit(p_[i]);
      if (d < 0) return false;
      unit = unit * 16 + static_cast<uint32_t>(d);
    }
    p_ += 4;
    return true;
  }

  static void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // After the backslash: one escape, as the full parser decodes it.
  bool escape(std::string& out) {
    if (p_ == end_) return false;
    const unsigned char c = *p_++;
    switch (c) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': {
        uint32_t unit = 0;
        if (!hex4(unit)) return false;
        if (unit >= 0xDC00 && unit <= 0xDFFF) return false;  // a lone low surrogate
        if (unit >= 0xD800 && unit <= 0xDBFF) {                // must pair with a low one
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
          p_ += 2;
          uint32_t low = 0;
          if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
          unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, unit);
        return true;
      }
      default: return false;
    }
  }

  // At the opening quote.
  bool string(std::string& out) {
    ++p_;
    const unsigned char* run = p_;
    while (p_ < end_) {
      const unsigned char c = *p_;
      if (c == '"') {
        out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p_ - run));
        ++p_;
        return true;
      }
      if (c < 0x20) return false;  // control bytes (NUL included) must be escaped
      if (c == '\\') {
        out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p_ - run));
        ++p_;
        if (!escape(out)) return false;
        run = p_;
        continue;
      }
      if (c >= 0x80) {
        const int32_t length = utf8_sequence_length(p_, end_);
        if (length == 0) return false;
        p_ += length;
        continue;
      }
      ++p_;
    }
    return false;  // unterminated
  }

  bool array(Json& out, int32_t depth) {
    if (depth >= max_depth_) return false;
    ++p_;
    out = Json(Json::value_t::array);
    Json::array_t& items = out.get_ref<Json::array_t&>();
    skip_space();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    while (true) {
      skip_space();
      items.emplace_back();
      if (!value(items.back(), depth + 1)) return false;
      skip_space();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != ']') return false;
      ++p_;
      return true;
    }
  }

  bool object(Json& out, int32_t depth) {
    if (depth >= max_depth_) return false;
    ++p_;
    out = Json(Json::value_t::object);
    Json::object_t& members = out.get_ref<Json::object_t&>();
    skip_space();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    while (true) {
      skip_space();
      if (p_ == end_ || *p_ != '"') return false;
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (p_ == end_ || *p_ != ':') return false;
      ++p_;
      skip_space();
      auto inserted = members.try_emplace(std::move(key), nullptr);
      if (!inserted.second) return false;  // a duplicate key
      if (!value(inserted.first->second, depth + 1)) return false;
      skip_space();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != '}') return false;
      ++p_;
      return true;
    }
  }

  // For readers that walk a document's structure themselves (catalog_direct.cpp).
  bool at_end() const { return p_ == end_; }
  unsigned char peek() const { return *p_; }  // only when !at_end()
  // Skips `c` (and the whitespace after it) when it is next.
  bool take(unsigned char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    skip_space();
    return true;
  }
  int32_t max_depth() const { return max_depth_; }

 private:
  const unsigned char* p_;
  const unsigned char* const end_;
  const int32_t max_depth_;
};


}  // namespace checkout
