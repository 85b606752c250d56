// Replays the minimal requests the properties found, saved under
// regressions/ (see regressions/README.md): each <name>.permuted.json is
// <name>.request.json with its cart lines reordered, and the two must give
// the same quote once line indexes are mapped back.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "checkout/engine.h"
#include "line_order_compare.h"
#include "quote_access.h"

namespace property {
namespace {

const std::filesystem::path kRegressions = PROPERTY_REGRESSIONS_DIR;

Json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return Json::parse(text.str());
}

// The one-shot quote, or a test failure naming the file.
Json quote_file(const std::filesystem::path& path, const Json& request) {
  const std::string text = request.dump();
  checkout::Result<std::string> quote = checkout::quote_request(std::string_view(text));
  if (!quote.ok()) {
    ADD_FAILURE() << path << ": " << checkout::error_json(quote.error());
    return Json();
  }
  return joined_quote(Json::parse(quote.value()));
}

TEST(Regressions, PermutedCartsGiveTheSameQuote) {
  std::vector<std::filesystem::path> permuted_files;
  for (const auto& entry : std::filesystem::directory_iterator(kRegressions)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 14 && name.compare(name.size() - 14, 14, ".permuted.json") == 0) {
      permuted_files.push_back(entry.path());
    }
  }
  ASSERT_FALSE(permuted_files.empty()) << "no regressions found in " << kRegressions;
  for (const std::filesystem::path& permuted_path : permuted_files) {
    const std::string stem = permuted_path.filename().string();
    const std::filesystem::path original_path = kRegressions / (stem.substr(0, stem.size() - 14) + ".request.json");
    SCOPED_TRACE(original_path.string());
    const Json original = read_json(original_path);
    const Json permuted = read_json(permuted_path);
    const std::vector<size_t> order = permutation_between(original["cart"]["lines"], permuted["cart"]["lines"]);
    ASSERT_EQ(order.size(), original["cart"]["lines"].size()) << "the two files must hold the same cart lines";
    const Json original_quote = quote_file(original_path, original);
    const Json permuted_quote = quote_file(permuted_path, permuted);
    if (original_quote.is_null() || permuted_quote.is_null()) continue;
    EXPECT_EQ("", line_order_difference(original_quote, permuted_quote, order, LineOrderComparison{true}));
  }
}

}  // namespace
}  // namespace property
