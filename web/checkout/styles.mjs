// The widget's stylesheet, adopted into its shadow root as a constructed
// stylesheet: no <style> element and no style attribute, so it works under a
// Content-Security-Policy without 'unsafe-inline'. Merchants theme it through
// the --sc-* custom properties (they inherit into the shadow root) and the
// exported ::part() names.

export const WIDGET_CSS = `
:host {
  --sc-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --sc-text: #1d2125;
  --sc-muted: #545d66;
  --sc-bg: #ffffff;
  --sc-surface: #f5f6f7;
  --sc-border: #c9ced4;
  --sc-accent: #0b5cad;
  --sc-accent-contrast: #ffffff;
  --sc-danger: #b3261e;
  --sc-success: #1e6b34;
  --sc-warning: #7a4b00;
  --sc-focus: #f0a500;
  --sc-radius: 8px;
  --sc-gap: 16px;
  display: block;
  font-family: var(--sc-font);
  color: var(--sc-text);
  background: var(--sc-bg);
  line-height: 1.45;
  font-size: 16px;
  container-type: inline-size;
  max-width: 100%;
  overflow-wrap: anywhere;
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }
h2, h3, h4 { margin: 0 0 8px; line-height: 1.25; }
h2 { font-size: 1.35rem; }
h3 { font-size: 1.1rem; }
h4 { font-size: 1rem; }
p { margin: 0 0 8px; }
ul { margin: 0; padding: 0; list-style: none; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0;
}
button, input, select { font: inherit; color: inherit; }
button, .button {
  min-height: 44px; min-width: 44px; padding: 8px 16px; border-radius: var(--sc-radius);
  border: 1px solid var(--sc-border); background: var(--sc-bg); cursor: pointer;
}
button:disabled { cursor: not-allowed; opacity: 0.6; }
button.primary {
  background: var(--sc-accent); border-color: var(--sc-accent); color: var(--sc-accent-contrast); font-weight: 600;
}
button.link {
  border: none; background: none; color: var(--sc-accent); text-decoration: underline; padding: 8px 4px;
  white-space: nowrap;  /* "Remove" must not break as "Remo/ve" at 360 px */
}
button.wide { width: 100%; }
:focus-visible { outline: 3px solid var(--sc-focus); outline-offset: 2px; }
input[type=text], input[type=email], input[type=tel], input:not([type]), select {
  min-height: 44px; width: 100%; padding: 8px 10px; border: 1px solid var(--sc-border);
  border-radius: var(--sc-radius); background: var(--sc-bg);
}
input[aria-invalid=true], select[aria-invalid=true] { border-color: var(--sc-danger); border-width: 2px; }
label { display: block; font-weight: 600; margin-bottom: 4px; }
.choice {
  display: flex; align-items: center; gap: 10px; min-height: 44px; padding: 8px 10px; font-weight: normal;
  border: 1px solid var(--sc-border); border-radius: var(--sc-radius); cursor: pointer; margin: 0;
}
.choice:has(input:checked) { border-color: var(--sc-accent); border-width: 2px; }
.choice input { width: 20px; height: 20px; margin: 0; flex: none; accent-color: var(--sc-accent); }
.choice .grow { flex: 1; min-width: 0; }
.choice .price { font-weight: 600; white-space: nowrap; }
.muted { color: var(--sc-muted); font-size: 0.92rem; }
.error-text { color: var(--sc-danger); font-size: 0.92rem; margin-top: 4px; }
/* A fixed field's error keeps its room until the next submit (no layout shift under a click). */
.resolved { visibility: hidden; }
.ok-text { color: var(--sc-success); font-size: 0.92rem; }
.warn-text { color: var(--sc-warning); font-size: 0.92rem; }
.notice { padding: 10px 12px; border-radius: var(--sc-radius); margin: 0 0 12px; border: 1px solid; }
.notice.info { border-color: var(--sc-accent); background: var(--sc-surface); }
.notice.warn { border-color: var(--sc-warning); background: #fff7e6; color: #4d2f00; }
.notice.error { border-color: var(--sc-danger); background: #fdecea; color: #6b1510; }
.notice.success { border-color: var(--sc-success); background: #e9f5ec; color: #123f1f; }
.notice button { margin-top: 8px; }

.layout { display: grid; gap: var(--sc-gap); grid-template-columns: minmax(0, 1fr); padding: 4px; }
[hidden] { display: none !important; }
@container (min-width: 760px) {
  .layout { grid-template-columns: minmax(0, 1.6fr) minmax(280px, 1fr); align-items: start; }
  .summary { position: sticky; top: 8px; }
  .checkout-layout .summary { grid-column: 2; grid-row: 1 / span 2; }
  .checkout-layout .checkout-actions { grid-column: 1; grid-row: 2; }
  /* Placed, never reordered: the DOM order (lines, summary column, stores) is the keyboard's. */
  .cart-layout { grid-template-rows: auto 1fr; }
  .cart-layout .lines-panel { grid-column: 1; grid-row: 1; }
  .cart-layout .summary { grid-column: 2; grid-row: 1 / span 2; }
  .cart-layout .stores-panel { grid-column: 1; grid-row: 2; align-self: start; }
  .layout .checkout-bar { display: none; }
}
/* Phones: one column in the DOM's order (lines, shipping estimate, summary,
   code, stores), and the total with "Check out" kept in view. */
@container (max-width: 759.98px) {
  .totals-panel > [data-role="checkout"] { display: none; }
}
.checkout-bar {
  position: sticky; bottom: 0; z-index: 1; display: flex; align-items: center; justify-content: space-between;
  gap: 8px 12px; flex-wrap: wrap; padding: 8px 12px; margin: 0 -4px; background: var(--sc-bg);
  border-top: 1px solid var(--sc-border); box-shadow: 0 -2px 8px rgba(0, 0, 0, 0.08);
}
.checkout-bar p { margin: 0; }
.checkout-bar strong { font-size: 1.15rem; font-variant-numeric: tabular-nums; }
.checkout-bar button { flex: 1 1 auto; max-width: 100%; }
section.panel {
  border: 1px solid var(--sc-border); border-radius: var(--sc-radius); padding: 14px; background: var(--sc-bg);
  min-width: 0;
}
section.panel + section.panel { margin-top: var(--sc-gap); }
.stack > * + * { margin-top: 8px; }

/* cart lines */
.line { display: grid; grid-template-columns: 64px minmax(0, 1fr); gap: 10px 12px; padding: 12px 0; border-bottom: 1px solid var(--sc-border); }
.line:last-child { border-bottom: none; }
.thumb {
  width: 64px; height: 64px; border-radius: var(--sc-radius); background: var(--sc-surface);
  object-fit: cover; display: flex; align-items: center; justify-content: center; font-weight: 700;
  color: var(--sc-muted); font-size: 1.2rem; border: 1px solid var(--sc-border);
}
.line-head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 4px 12px; }
.line-title { font-weight: 600; }
.line-price { text-align: end; }
.line-price > span, .line-total { white-space: nowrap; }
.line-price s { color: var(--sc-muted); margin-inline-end: 6px; font-size: 0.9rem; }
.line-controls { grid-column: 1 / -1; display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; }
.stepper { display: inline-flex; align-items: center; border: 1px solid var(--sc-border); border-radius: var(--sc-radius); }
.stepper button { border: none; min-width: 44px; font-size: 1.2rem; padding: 0; }
.stepper output { min-width: 2.5em; text-align: center; font-weight: 600; }
.fulfilment { grid-column: 1 / -1; display: grid; gap: 6px; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 520px) { .fulfilment { grid-template-columns: 1fr 1fr; } }
.fulfilment .note { grid-column: 1 / -1; }
.discount { color: var(--sc-success); }

/* stores */
.store-search { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; }
.store-search .field { flex: 1 1 160px; }
.stores { display: grid; gap: 8px; margin-top: 10px; }
.store { border: 1px solid var(--sc-border); border-radius: var(--sc-radius); padding: 10px 12px; }
.store.selected { border-color: var(--sc-accent); border-width: 2px; }
.store-head { display: flex; justify-content: space-between; gap: 8px; flex-wrap: wrap; }
.badge { display: inline-block; padding: 2px 8px; border-radius: 999px; background: var(--sc-surface); border: 1px solid var(--sc-border); font-size: 0.85rem; margin-inline-end: 4px; }
.avail-all { color: var(--sc-success); font-weight: 600; }
.avail-partial { color: var(--sc-warning); font-weight: 600; }
.avail-none { color: var(--sc-danger); font-weight: 600; }

/* shipping */
.options { display: grid; gap: 8px; }
progress { width: 100%; height: 10px; accent-color: var(--sc-success); }
.progress-text { margin-bottom: 4px; }

/* coupon */
.coupon-row { display: flex; gap: 8px; flex-wrap: wrap; }
.coupon-row input { flex: 1 1 140px; width: auto; }
.applied-codes li { display: flex; justify-content: space-between; align-items: center; gap: 8px; }

/* totals */
dl.totals { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 6px 12px; margin: 0; }
dl.totals dt { margin: 0; }
dl.totals dd { margin: 0; text-align: end; white-space: nowrap; font-variant-numeric: tabular-nums; }
dl.totals .grand { font-size: 1.2rem; font-weight: 700; border-top: 1px solid var(--sc-border); padding-top: 8px; }

/* checkout form */
form .grid { display: grid; gap: 12px; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 520px) { form .grid.two { grid-template-columns: 1fr 1fr; } }
fieldset { border: none; padding: 0; margin: 0 0 16px; min-width: 0; }
legend { font-weight: 700; font-size: 1.05rem; margin-bottom: 8px; padding: 0; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
.actions > button { flex: 1 1 160px; }

/* dialog */
dialog {
  border: none; border-radius: var(--sc-radius); padding: 0; max-width: min(560px, calc(100vw - 16px));
  width: 100%; color: var(--sc-text); background: var(--sc-bg);
}
dialog::backdrop { background: rgba(0, 0, 0, 0.55); }
.dialog-body { padding: 18px; max-height: calc(100vh - 48px); overflow-y: auto; }
table.diff { width: 100%; border-collapse: collapse; margin: 8px 0 12px; font-variant-numeric: tabular-nums; }
table.diff th, table.diff td { text-align: start; padding: 6px 4px; border-bottom: 1px solid var(--sc-border); vertical-align: top; }
table.diff td.num, table.diff th.num { text-align: end; white-space: nowrap; }
tr.changed td { font-weight: 600; }
.confirmation .order-number { font-size: 1.4rem; font-weight: 700; letter-spacing: 0.04em; }
.confirmation .confirm-items { margin: 6px 0; padding-left: 20px; }
.confirmation h4 { margin: 10px 0 4px; font-size: 1rem; }
.confirmation .hours { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 10px; }
.confirmation .hours dd { margin: 0; }
.confirmation address { font-style: normal; }
.loading { padding: 24px; text-align: center; color: var(--sc-muted); }
.skeleton { list-style: none; margin: 0; padding: 0; }
.skeleton-line { display: flex; gap: 12px; align-items: center; padding: 12px 0; border-bottom: 1px solid var(--sc-border); }
.skeleton-thumb { width: 64px; height: 64px; border-radius: var(--sc-radius); background: var(--sc-surface); flex: none; }
.skeleton-text { height: 1em; flex: 1; max-width: 60%; border-radius: 4px; background: var(--sc-surface); }
.empty { padding: 16px 0; }
`;

let sheet;
export function widgetSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
  }
  return sheet;
}
