// Appends JSON scalars to a std::string byte for byte as canonical_dump()
// (nlohmann::json 3.11 dump() with default arguments and the strict UTF-8
// handler) writes them, so a document can be streamed without building a DOM.
// tests/unit/json_writer_test.cpp compares both on every byte and on UTF-8.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "checkout/utf8.h"
#include "error.h"

namespace checkout {

// The error canonical_dump() and the writer give for a string that is not
// UTF-8 (one text, so the two cannot drift).
[[noreturn]] inline void fail_not_utf8() {
  fail(err::invalid_value, "A text value is not valid UTF-8 and cannot be written as JSON.");
}

// A JSON string literal: `"` and `\` and \b \f \n \r \t escaped by name, the
// other bytes below 0x20 as \u00xx (lowercase hex), everything else including
// DEL and valid UTF-8 copied as-is. Invalid UTF-8 throws the same InputError
// canonical_dump() throws.
inline void append_json_string(std::string& out, std::string_view s) {
  const unsigned char* const begin = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char* const end = begin + s.size();
  const unsigned char* run = begin;  // start of the bytes not yet appended
  const unsigned char* p = begin;
  out += '"';
  while (p < end) {
    const unsigned char c = *p;
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++p;
      continue;
    }
    if (c >= 0x80) {
      const int32_t length = utf8_sequence_length(p, end);
      if (length == 0) fail_not_utf8();
      p += length;
      continue;
    }
    out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p - run));
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        static const char kHex[] = "0123456789abcdef";
        const char escape[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escape, 6);
      }
    }
    run = ++p;
  }
  out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p - run));
  out += '"';
}

// Decimal, '-' for negatives, written backwards so it ends just before `end`
// (room for 20 characters: "-9223372036854775808" is the longest); returns
// where it starts. INT64_MIN's magnitude is taken in uint64_t.
inline char* json_int_before(char* end, int64_t value) {
  char* p = end;
  uint64_t magnitude = value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (value < 0) *--p = '-';
  return p;
}

inline void append_json_int(std::string& out, int64_t value) {
  char digits[20];
  char* const end = digits + sizeof digits;
  const char* const begin = json_int_before(end, value);
  out.append(begin, static_cast<std::size_t>(end - begin));
}

inline void append_json_bool(std::string& out, bool value) { out += value ? "true" : "false"; }

// Writes one object's members in the order they are given, which must be
// nlohmann's order (std::map: keys compared byte by byte, so "tax" <
// "tax_rate" < "taxable"). Keys are literals that need no escaping.
class JsonObjectWriter {
 public:
  explicit JsonObjectWriter(std::string& out) : out_(out) { out_ += '{'; }

  // Writes the key and returns the buffer for the caller to append the value.
  // `,"key":` goes out in one append: appends are out-of-line calls, and
  // keys are most of a quote's appends.
  std::string& key(std::string_view key) {
    char member[40];
    if (key.size() > sizeof member - 4) {  // no such key today; stays correct anyway
      if (!empty_) out_ += ',';
      empty_ = false;
      out_ += '"';
      out_ += key;
      out_ += "\":";
      return out_;
    }
    std::size_t n = 0;
    if (!empty_) member[n++] = ',';
    empty_ = false;
    member[n++] = '"';
    std::memcpy(member + n, key.data(), key.size());
    n += key.size();
    member[n++] = '"';
    member[n++] = ':';
    out_.append(member, n);
    return out_;
  }
  void string(std::string_view key_name, std::string_view value) { append_json_string(key(key_name), value); }
  // `,"key":digits` in one append (most of a quote's members are integers).
  void integer(std::string_view key_name, int64_t value) {
    char member[64];
    if (key_name.size() > sizeof member - 25) {  // no such key today; stays correct anyway
      append_json_int(key(key_name), value);
      return;
    }
    std::size_t n = 0;
    if (!empty_) member[n++] = ',';
    empty_ = false;
    member[n++] = '"';
    std::memcpy(member + n, key_name.data(), key_name.size());
    n += key_name.size();
    member[n++] = '"';
    member[n++] = ':';
    char digits[20];
    char* const end = digits + sizeof digits;
    const char* const begin = json_int_before(end, value);
    std::memcpy(member + n, begin, static_cast<std::size_t>(end - begin));
    n += static_cast<std::size_t>(end - begin);
    out_.append(member, n);
  }
  void boolean(std::string_view key_name, bool value) { append_json_bool(key(key_name), value); }
  void close() { out_ += '}'; }

 private:
  std::string& out_;
  bool empty_ = true;
};

// Appends `items` as a JSON array, each element written by write_item(out, item).
template <typename Items, typename WriteItem>
void append_json_array(std::string& out, const Items& items, WriteItem write_item) {
  out += '[';
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += ',';
    first = false;
    write_item(out, item);
  }
  out += ']';
}

}  // namespace checkout
