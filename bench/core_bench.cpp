// Native micro-benchmarks of the checkout core (Google Benchmark), over the
// shared workloads of bench/workloads.mjs, so the wasm runs under node and
// in Chromium price exactly the same bytes.
//
//   core_bench --data=build/bench-data [--stages=ID,ID] [google benchmark flags]
//
// Families (names are parsed by scripts/bench.sh; keep them stable):
//   quote/<workload>              Engine::quote(text): parse + validate + price + write + fingerprint
//   price/<workload>              Engine::price(text): the same without the fingerprint (a keystroke's re-price)
//   stage/<workload>/<stage>      the same quote cut into its parts:
//       parse    parse_json_strict(request text)
//       load     cart + context JSON -> validated structs
//       price    the pricing stages (promotions ... totals)
//       sha256   the fingerprint alone, over the binding's text
//       write    write_quote (stream the canonical JSON and the typed view; no hash)
//   catalog_parse/<catalog>       parse_json_strict(catalog text)
//   catalog_load/<catalog>        Engine::load(catalog text)
//   with_store_stock/<catalog>    Engine::with_store_stock (the server's cost per stock change)
//
//   core_bench --data=DIR --profile=WORKLOAD --iterations=N
// runs N quotes of one workload and nothing else, for
// valgrind --tool=callgrind --toggle-collect='checkout::Engine::quote*'
// (instructions per quote: a figure that does not depend on machine load).
// With --no-fingerprint it runs Engine::price (no hash) instead, for
// --toggle-collect='checkout::Engine::price*'.
// No timing is asserted anywhere: this program only reports.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "checkout/engine.h"
#include "checkout/session.h"
#include "json_strict.h"
#include "model.h"
#include "pricing_state.h"
#include "quote_writer.h"
#include "request_loader.h"
#include "checkout/sha256.h"

namespace {

using checkout::Engine;
using checkout::Json;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "core_bench: cannot read %s (run node bench/workloads.mjs first)\n", path.c_str());
    std::exit(2);
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Workload {
  std::string id, catalog_id;
  int64_t lines = 0, promotions = 0, stores = 0;
  std::string request_text;
};

struct Data {
  std::map<std::string, std::string> catalog_text;            // id -> JSON text
  std::map<std::string, std::shared_ptr<Engine>> engines;      // id -> loaded engine
  std::vector<Workload> workloads;
};

Data& data() {
  static Data d;
  return d;
}

void fail_on(const checkout::Error& e, const std::string& what) {
  std::fprintf(stderr, "core_bench: %s: %s %s %s\n", what.c_str(), e.code.c_str(), e.message.c_str(), e.path.c_str());
  std::exit(3);
}

// Mirrors the line setup of engine.cpp's price() (anonymous there), so the
// pricing stages can be timed without parsing and writing around them.
checkout::QuoteState price_state(const checkout::Catalog& catalog, const checkout::StockLevels& stock,
                                 const checkout::Cart& cart, const checkout::Context& context) {
  checkout::QuoteState q;
  q.catalog = &catalog;
  q.stock = &stock;
  q.cart = &cart;
  q.context = &context;
  q.lines.reserve(cart.lines.size());
  for (size_t i = 0; i < cart.lines.size(); ++i) {
    const checkout::CartLine& cl = cart.lines[i];
    const checkout::Variant& v = catalog.variants[static_cast<size_t>(cl.variant_index)];
    checkout::LineState line;
    line.index = static_cast<int32_t>(i);
    line.cart = &cl;
    line.variant = &v;
    line.product = &catalog.products[static_cast<size_t>(v.product_index)];
    line.unit_price = v.price;
    line.subtotal = checkout::checked_mul(v.price, cl.quantity, "");
    q.lines.push_back(std::move(line));
  }
  checkout::apply_promotions(q);
  checkout::quote_shipping(q);
  checkout::quote_pickup(q);
  checkout::compute_tax(q);
  checkout::compute_totals(q);
  return q;
}

void set_counters(benchmark::State& state, const Workload& w) {
  state.counters["lines"] = static_cast<double>(w.lines);
  state.counters["promotions"] = static_cast<double>(w.promotions);
  state.counters["stores"] = static_cast<double>(w.stores);
}

void register_quote(const Workload& w) {
  benchmark::RegisterBenchmark(("quote/" + w.id).c_str(), [w](benchmark::State& state) {
    const Engine& engine = *data().engines.at(w.catalog_id);
    size_t bytes = 0;
    for (auto _ : state) {
      auto r = engine.quote(std::string_view(w.request_text));
      if (!r.ok()) {
        state.SkipWithError(r.error().code.c_str());
        break;
      }
      bytes = r.value().size();
      benchmark::DoNotOptimize(r);
    }
    set_counters(state, w);
    state.counters["quote_bytes"] = static_cast<double>(bytes);
  });
  benchmark::RegisterBenchmark(("price/" + w.id).c_str(), [w](benchmark::State& state) {
    const Engine& engine = *data().engines.at(w.catalog_id);
    size_t binding_bytes = 0;
    for (auto _ : state) {
      auto r = engine.price(std::string_view(w.request_text));
      if (!r.ok()) {
        state.SkipWithError(r.error().code.c_str());
        break;
      }
      binding_bytes = r.value().binding_text().size();
      benchmark::DoNotOptimize(r);
    }
    set_counters(state, w);
    state.counters["binding_bytes"] = static_cast<double>(binding_bytes);
  });
  // A session re-price (checkout/session.h): one edit (line 0's quantity,
  // alternating) and the compact view; no request text, no quote text, no hash.
  benchmark::RegisterBenchmark(("session/" + w.id).c_str(), [w](benchmark::State& state) {
    const Engine& engine = *data().engines.at(w.catalog_id);
    auto opened = checkout::Session::open(engine, std::string_view(w.request_text));
    if (!opened.ok()) {
      state.SkipWithError(opened.error().code.c_str());
      return;
    }
    checkout::Session& session = opened.value();
    const Json quantity = Json::parse(w.request_text).at("cart").at("lines").at(0).at("quantity");
    const Json more = quantity.get<int64_t>() + 1;
    bool flip = false;
    for (auto _ : state) {
      flip = !flip;
      if (auto e = session.set_quantity(0, flip ? more : quantity)) {
        state.SkipWithError(e->code.c_str());
        break;
      }
      auto v = session.view();
      benchmark::DoNotOptimize(v);
    }
    set_counters(state, w);
  });
}

void register_stages(const Workload& w) {
  const std::string base = "stage/" + w.id + "/";
  auto engine = data().engines.at(w.catalog_id);
  // Everything before a stage is computed once, outside the timed loop.
  auto doc = std::make_shared<Json>(checkout::parse_json_strict(w.request_text));
  auto cart = std::make_shared<checkout::Cart>(checkout::load_cart(doc->at("cart"), engine->catalog(), "/cart"));
  auto context =
      std::make_shared<checkout::Context>(checkout::load_context(doc->at("context"), engine->catalog(), "/context"));
  auto priced = std::make_shared<checkout::QuoteState>(price_state(engine->catalog(), engine->stock(), *cart, *context));
  auto binding = std::make_shared<std::string>(checkout::write_quote(*priced).binding_text());

  benchmark::RegisterBenchmark((base + "parse").c_str(), [w](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(checkout::parse_json_strict(w.request_text));
    set_counters(state, w);
  });
  benchmark::RegisterBenchmark((base + "load").c_str(), [w, engine, doc](benchmark::State& state) {
    for (auto _ : state) {
      checkout::Cart c = checkout::load_cart(doc->at("cart"), engine->catalog(), "/cart");
      checkout::Context x = checkout::load_context(doc->at("context"), engine->catalog(), "/context");
      benchmark::DoNotOptimize(c);
      benchmark::DoNotOptimize(x);
    }
    set_counters(state, w);
  });
  benchmark::RegisterBenchmark((base + "price").c_str(), [w, engine, cart, context](benchmark::State& state) {
    for (auto _ : state) {
      checkout::QuoteState q = price_state(engine->catalog(), engine->stock(), *cart, *context);
      benchmark::DoNotOptimize(q);
    }
    set_counters(state, w);
  });
  benchmark::RegisterBenchmark((base + "sha256").c_str(), [w, binding](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(checkout::sha256_hex(*binding));
    set_counters(state, w);
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(binding->size()));
  });
  benchmark::RegisterBenchmark((base + "write").c_str(), [w, priced](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(checkout::write_quote(*priced));
    set_counters(state, w);
  });
}

void register_catalog(const std::string& id) {
  const std::string& text = data().catalog_text.at(id);
  benchmark::RegisterBenchmark(("catalog_parse/" + id).c_str(), [&text](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(checkout::parse_json_strict(text));
    state.counters["catalog_bytes"] = static_cast<double>(text.size());
  });
  benchmark::RegisterBenchmark(("catalog_load/" + id).c_str(), [&text](benchmark::State& state) {
    for (auto _ : state) {
      auto r = Engine::load(std::string_view(text));
      if (!r.ok()) {
        state.SkipWithError(r.error().code.c_str());
        break;
      }
      benchmark::DoNotOptimize(r);
    }
    state.counters["catalog_bytes"] = static_cast<double>(text.size());
  });
  benchmark::RegisterBenchmark(("with_store_stock/" + id).c_str(), [id](benchmark::State& state) {
    const Engine& engine = *data().engines.at(id);
    const checkout::Catalog& c = engine.catalog();
    const std::string& store = c.stores.front().id;
    const std::string& sku = c.variants.front().sku;
    int64_t units = 0;
    for (auto _ : state) {
      auto r = engine.with_store_stock(store, sku, ++units % 100);
      benchmark::DoNotOptimize(r);
    }
  });
}

// The worst cart for buy-X-get-Y (moved here from promotions_test.cpp, where
// it was a timed assertion): 5,000 lines of 1,000,000 units at 0.99 with
// "buy 2 get 1". The promotion works on groups of equal units, so this is
// milliseconds; one element per unit would be 5e9 of them.
void register_worst_cart() {
  Json products = Json::array(), lines = Json::array(), stock = Json::object();
  for (int i = 0; i < 5000; ++i) {
    const std::string digits = std::to_string(i);
    const std::string sku = "S" + std::string(4 - digits.size(), '0') + digits;
    products.push_back({{"id", "p" + digits}, {"title", sku}, {"variants", {{{"sku", sku}, {"price", 99}}}}});
    lines.push_back({{"sku", sku}, {"quantity", 1000000}});
  }
  const Json catalog = {
      {"currency", "USD"},
      {"products", products},
      {"promotions", {{{"id", "b2g1"}, {"title", "Buy 2 get 1"}, {"effect", {{"type", "buy_x_get_y"}, {"buy", 2}, {"get", 1}}}}}}};
  auto loaded = Engine::load(catalog);
  if (!loaded.ok()) fail_on(loaded.error(), "worst cart catalog");
  auto engine = std::make_shared<Engine>(std::move(loaded.value()));
  const std::string request = Json{{"cart", {{"lines", lines}}}, {"context", {{"now", "2026-11-23T10:00:00Z"}}}}.dump();
  auto first = engine->quote(std::string_view(request));
  if (!first.ok()) fail_on(first.error(), "worst cart");
  benchmark::RegisterBenchmark("worst_cart/bxgy_5000_lines_x_1e6_units", [engine, request](benchmark::State& state) {
    for (auto _ : state) {
      auto r = engine->quote(std::string_view(request));
      benchmark::DoNotOptimize(r);
    }
  })->Unit(benchmark::kMillisecond);
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::string dir = "build/bench-data";
  std::vector<std::string> stage_ids = {"L10_P10_S10", "demo_L10", "L100_P10_S100", "L1000_P100_S1000"};
  std::vector<std::string> catalog_ids = {"demo", "P10_S10", "P100_S1000"};
  std::string only;  // --only=ID,ID: quote workloads to run (default: all)
  std::string profile;  // --profile=ID: run --iterations quotes of ID, no benchmarks
  int64_t iterations = 10;
  bool no_fingerprint = false;  // --no-fingerprint: profile Engine::price instead of Engine::quote
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--data=", 0) == 0) dir = a.substr(7);
    else if (a.rfind("--stages=", 0) == 0) stage_ids = split(a.substr(9));  // "--stages=" = none
    else if (a.rfind("--catalogs=", 0) == 0) catalog_ids = split(a.substr(11));
    else if (a.rfind("--only=", 0) == 0) only = a.substr(7);
    else if (a.rfind("--profile=", 0) == 0) profile = a.substr(10);
    else if (a.rfind("--iterations=", 0) == 0) iterations = std::stoll(a.substr(13));
    else if (a == "--no-fingerprint") no_fingerprint = true;
    else {
      std::fprintf(stderr, "core_bench: unknown argument %s\n", a.c_str());
      return 2;
    }
  }

  // The manifest is JSON; reading it with the library under test is fine
  // (it is not timed).
  // The manifest is JSON; reading it with the library under test is fine
  // (it is not timed). Only the catalogs the selected benchmarks use are loaded.
  const Json manifest = Json::parse(read_file(dir + "/manifest.json"));
  if (!profile.empty()) {
    only = profile;
    stage_ids.clear();
    catalog_ids.clear();
  }
  const std::vector<std::string> only_ids = split(only);
  auto selected = [](const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  Data& d = data();
  std::vector<std::string> needed = catalog_ids;
  std::map<std::string, std::string> catalog_file;
  for (const Json& c : manifest.at("catalogs")) catalog_file[c.at("id").get<std::string>()] = c.at("file").get<std::string>();
  for (const Json& w : manifest.at("workloads")) {
    const std::string id = w.at("id").get<std::string>();
    if (only_ids.empty() || selected(only_ids, id) || selected(stage_ids, id)) needed.push_back(w.at("catalog").get<std::string>());
  }
  for (const std::string& id : needed) {
    if (d.engines.count(id)) continue;
    if (!catalog_file.count(id)) {
      std::fprintf(stderr, "core_bench: no catalog %s in the manifest\n", id.c_str());
      return 2;
    }
    d.catalog_text[id] = read_file(dir + "/" + catalog_file[id]);
    auto loaded = Engine::load(std::string_view(d.catalog_text[id]));
    if (!loaded.ok()) fail_on(loaded.error(), "catalog " + id);
    d.engines[id] = std::make_shared<Engine>(std::move(loaded.value()));
  }
  for (const Json& w : manifest.at("workloads")) {
    Workload x;
    x.id = w.at("id").get<std::string>();
    x.catalog_id = w.at("catalog").get<std::string>();
    if (!d.engines.count(x.catalog_id)) continue;
    if (!(only_ids.empty() || selected(only_ids, x.id) || selected(stage_ids, x.id))) continue;
    x.lines = w.at("lines").get<int64_t>();
    x.promotions = w.at("promotions").get<int64_t>();
    x.stores = w.at("stores").get<int64_t>();
    x.request_text = read_file(dir + "/" + w.at("request").get<std::string>());
    if (!profile.empty()) {
      // Exactly `iterations` calls of Engine::quote, so a profile divides cleanly.
      const Engine& engine = *d.engines.at(x.catalog_id);
      size_t bytes = 0;
      for (int64_t i = 0; i < iterations; ++i) {
        if (no_fingerprint) {
          auto r = engine.price(std::string_view(x.request_text));
          if (!r.ok()) fail_on(r.error(), "workload " + x.id);
          bytes += r.value().text().size();
          continue;
        }
        auto r = engine.quote(std::string_view(x.request_text));
        if (!r.ok()) fail_on(r.error(), "workload " + x.id);
        bytes += r.value().size();
      }
      std::printf("profiled %s: %lld quotes, %zu bytes\n", x.id.c_str(), static_cast<long long>(iterations), bytes);
      return 0;
    }
    // Every workload must price before anything is timed.
    auto r = d.engines.at(x.catalog_id)->quote(std::string_view(x.request_text));
    if (!r.ok()) fail_on(r.error(), "workload " + x.id);
    d.workloads.push_back(std::move(x));
  }

  for (const Workload& w : d.workloads) {
    if (only_ids.empty() || selected(only_ids, w.id)) register_quote(w);
  }
  for (const Workload& w : d.workloads) {
    if (selected(stage_ids, w.id)) register_stages(w);
  }
  for (const std::string& id : catalog_ids) register_catalog(id);
  register_worst_cart();

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
