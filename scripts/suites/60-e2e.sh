# End-to-end: the widget and demo storefront in Debian's Chromium (desktop,
# Pixel 7, 360 x 640) against the real server, started by Playwright on a
# free port with a temporary database. Screenshots: test-results/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/../.."
# The widget's pure helpers first (seconds, no browser).
node --test e2e/unit/
for f in build/native/checkout-server build/wasm/checkout-core.mjs build/wasm/checkout.mjs web/dist/manifest.json node_modules/@playwright/test/package.json; do
  [ -e "$f" ] || { echo "e2e: missing $f (run scripts/setup.sh)"; exit 1; }
done
command -v chromium >/dev/null || { echo "e2e: Debian's chromium is not installed"; exit 1; }
exec npx --no-install playwright test -c e2e/playwright.config.mjs "$@"
