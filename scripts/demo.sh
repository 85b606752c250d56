#!/usr/bin/env bash
# The main job: set up and build, then start the validating server with the
# demo storefront on an embedded SQLite database (./demo-data/checkout.db).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
mkdir -p demo-data
exec build/native/checkout-server --db demo-data/checkout.db "$@"
