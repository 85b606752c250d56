// The fast path of parse_json_strict: a direct recursive-descent reader for
// documents that break no rule, building the same DOM nlohmann's SAX parser
// builds (same value types: non-negative integers unsigned, negative ones
// signed). nlohmann's lexer reads byte by byte through an input adapter and
// was most of a catalog load (bench/, callgrind); this reads runs.
//
// It only ever succeeds or declines: at anything that is, or might be, an
// error (malformed text, invalid UTF-8, a duplicate key, too deep, an
// integer beyond 64 bits, a NUL byte, trailing bytes) and at floats, it
// returns nullopt and the caller parses again with the full parser, whose
// error (code, message, path) is the one reported. So errors are unchanged by
// construction, and a document this accepts is one the full parser accepts
// with the same DOM (tests/unit/json_plain_test.cpp compares both).
#include "json_plain.h"

#include "json_plain_reader.h"

namespace checkout {

std::optional<Json> parse_plain_json(std::string_view text, int32_t max_depth) {
  // This reader recurses once per level: past 64 levels (beyond the default
  // limit of 32) it declines, and the full parser, which does not recurse, reads on.
  constexpr int32_t kMaxRecursion = 64;
  Json out;
  PlainReader reader(text, max_depth < kMaxRecursion ? max_depth : kMaxRecursion);
  if (!reader.document(out)) return std::nullopt;
  return out;
}

}  // namespace checkout
