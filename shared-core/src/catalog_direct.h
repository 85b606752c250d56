// Catalog text -> model without a DOM of its largest parts (variants and
// stock), for Engine::load. It only ever succeeds or declines: at anything
// the strict parser or the loaders would refuse (and at a few valid rarities,
// such as floats) it returns nullopt, and the caller loads the text the DOM
// way (parse_json_strict, load_catalog, load_stock), which reports the error.
// So every error, message and path is the DOM loader's by construction;
// tests/unit/catalog_direct_test.cpp checks that what this accepts is what
// the DOM loader accepts, with the same model.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "model.h"

namespace checkout {

struct LoadedCatalog {
  Catalog catalog;
  StockLevels stock;
};

// `path`: the catalog's JSON Pointer in the request ("" alone), as for load_catalog.
std::optional<LoadedCatalog> load_catalog_direct(std::string_view text, const std::string& path);

}  // namespace checkout
