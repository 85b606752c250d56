// Which workloads each wasm runtime times in which mode (bench/quote-runner.mjs).
// raw: every workload (the wasm/native ratio is over all of them); the JS API
// modes on the headline workloads only, to keep the run short.
export const HEADLINE = ['L10_P10_S10', 'demo_L10', 'L1000_P100_S1000'];
export const selection = {
  modes: { raw: 'all', api: HEADLINE, object: HEADLINE, session: HEADLINE },
  catalogLoads: ['demo', 'P10_S10', 'P100_S1000'],
};
