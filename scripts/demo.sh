#!/usr/bin/env bash
# The main job: set up and build, then start the validating server with the
# demo storefront on an embedded SQLite database (./demo-data/checkout.db).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
mkdir -p demo-data
# Staff endpoints need an account. On the first start (an empty demo-data/)
# the server prints a one-time admin sign-in link just below its URL.
if [ ! -f demo-data/checkout.db ]; then
  echo "==> first start: the staff sign-in link is printed once, below the server's URL"
else
  echo "==> staff sign in at /web/demo/store.html (lost the first-start link? add --issue-signin-link admin)"
fi
exec build/native/checkout-server --db demo-data/checkout.db "$@"
