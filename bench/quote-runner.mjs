// Times the wasm core on the shared workloads (bench/workloads.mjs). Used by
// node (bench/node_bench.mjs) and by the Chromium page (bench/browser/), so
// both measure the same way: warm up, size a batch to at least minBatchMs,
// then time `reps` batches; a rep's figure is the batch time / batch size.
// Reported: the fastest rep (closest to an unloaded machine) and the median.
//
// Modes, per workload:
//   raw     the Embind binding: RawEngine.quote(text) -> {ok, json}; text in,
//           text out, the same work as native Engine::quote(text)
//   api     the JS API: engine.quote(text) -> {ok, quote, json} (adds JSON.parse)
//   object  the JS API as the widget calls it: engine.quote({cart, context})
//           (adds the exact-integer serialiser of wasm/js/checkout.mjs)
//   session the session API: one edit (line 0's quantity, alternating) and
//           totals(), the compact view; no quote text, no hash (a core build
//           without sessions skips it)
// Nothing here asserts a timing.

export const DEFAULTS = { reps: 5, minBatchMs: 60, warmupMs: 60, warmupCalls: 3 };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// fn() once per call; cpuMicros() (optional) reads this process's CPU time.
export function measure(fn, { reps, minBatchMs, warmupMs, warmupCalls = 3 }, now, cpuMicros) {
  let calls = 0;
  const warmupEnd = now() + warmupMs;
  while (calls < warmupCalls || now() < warmupEnd) {
    fn();
    ++calls;
  }
  // Batch size from the warm-up rate, at least 1.
  let batch = 1;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < batch; ++i) fn();
    const ms = now() - t0;
    if (ms >= minBatchMs) break;
    batch = Math.max(batch * 2, Math.ceil((batch * minBatchMs * 1.2) / Math.max(ms, 0.001)));
  }
  const wallUs = [];
  const cpuUs = [];
  for (let r = 0; r < reps; ++r) {
    const c0 = cpuMicros ? cpuMicros() : 0;
    const t0 = now();
    for (let i = 0; i < batch; ++i) fn();
    const ms = now() - t0;
    wallUs.push((ms * 1000) / batch);
    if (cpuMicros) cpuUs.push((cpuMicros() - c0) / batch);
  }
  const out = { batch, reps, wall_min_us: Math.min(...wallUs), wall_median_us: median(wallUs), wall_us: wallUs };
  if (cpuMicros) Object.assign(out, { cpu_min_us: Math.min(...cpuUs), cpu_median_us: median(cpuUs), cpu_us: cpuUs });
  return out;
}

// module: the Emscripten module (raw bindings); api: loadCheckoutCore()'s result.
// catalogs: Map id -> JSON text; workloads: [{id, catalog, text, lines, promotions, stores}].
// select: { modes: {raw: ids|'all', api: ..., object: ...}, catalogLoads: [ids] }.
export function runQuoteBenchmarks({ module, api, catalogs, workloads, select, options = DEFAULTS, now, cpuMicros, log = () => {} }) {
  const results = [];
  const wants = (mode, id) => select.modes[mode] === 'all' || (select.modes[mode] ?? []).includes(id);
  const MODES = ['raw', 'api', 'object', 'session'];
  const used = new Set(workloads.filter((w) => MODES.some((m) => wants(m, w.id))).map((w) => w.catalog));

  for (const catalogId of used) {
    const text = catalogs.get(catalogId);
    const raw = module.RawEngine.load(text);
    if (!raw.ok()) throw new Error(`catalog ${catalogId}: ${raw.error()}`);
    // The JS API engine only when a JS API mode times this catalog's workloads
    // (a variant build may have no JS API beside it).
    const needsApi = workloads.some((w) => w.catalog === catalogId && ['api', 'object', 'session'].some((m) => wants(m, w.id)));
    let engine = null;
    if (needsApi) {
      const loaded = api.createEngine(text);
      if (!loaded.ok) throw new Error(`catalog ${catalogId}: ${loaded.error.message}`);
      engine = loaded.engine;
    }
    for (const w of workloads.filter((x) => x.catalog === catalogId)) {
      const first = raw.quote(w.text);
      if (!first.ok) throw new Error(`workload ${w.id}: ${first.json}`);
      const object = JSON.parse(w.text);
      const base = { workload: w.id, lines: w.lines, promotions: w.promotions, stores: w.stores, quote_bytes: first.json.length };
      const session = wants('session', w.id) && typeof engine?.session === 'function' ? engine.session(w.text).session : null;
      const quantity = object.cart.lines[0]?.quantity ?? 1;
      let flip = false;
      const runs = {
        raw: () => raw.quote(w.text),
        api: () => engine.quote(w.text),
        object: () => engine.quote(object),  // what the widget does on every change
        session: () => {
          flip = !flip;
          session.setQuantity(0, flip ? quantity + 1 : quantity);
          return session.totals();
        },
      };
      for (const mode of MODES) {
        if (!wants(mode, w.id) || (mode === 'session' && !session)) continue;
        const m = measure(runs[mode], options, now, cpuMicros);
        results.push({ kind: 'quote', mode, ...base, ...m });
        log(`${mode.padEnd(6)} ${w.id.padEnd(18)} ${m.wall_min_us.toFixed(1).padStart(10)} us (min of ${m.reps} x ${m.batch})`);
      }
      session?.dispose();
    }
    engine?.dispose();
    raw.delete();
  }

  for (const catalogId of select.catalogLoads ?? []) {
    const text = catalogs.get(catalogId);
    const m = measure(() => module.RawEngine.load(text).delete(), { ...options, minBatchMs: 1, warmupMs: 0, warmupCalls: 1, reps: Math.min(options.reps, 3) }, now, cpuMicros);
    results.push({ kind: 'catalog_load', catalog: catalogId, catalog_bytes: text.length, ...m });
    log(`load   ${catalogId.padEnd(18)} ${m.wall_min_us.toFixed(0).padStart(10)} us`);
  }
  return results;
}
