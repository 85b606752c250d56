// Digits as people type them: Persian (۰-۹), Arabic-Indic (٠-٩) and full-width
// (０-９) digits are ASCII digits, so "۱۲" in a quantity field is 12 and
// "００－９５０" a Polish postal code. The rule is the core's
// (shared-core/src/digits.cpp), asked through the JS API like the address rule
// (../regions.mjs hands the loaded core over), so the widget, the server and
// the wasm and native builds read typed digits alike.
import { addressRulesCore } from '../regions.mjs';

// Typed text with its digits made ASCII; the text unchanged until the core has loaded.
export function normalizeDigits(text) {
  const core = addressRulesCore();
  return core ? core.normalizeDigits(String(text ?? '')) : String(text ?? '');
}

// A quantity field's text -> a whole number >= 0, or null when it is not one
// ("۳" -> 3, " ３ " -> 3, "2.5" -> null, "" -> null); null until the core has loaded.
export function parseQuantityInput(text) {
  return addressRulesCore()?.readQuantity(String(text ?? '')) ?? null;
}
