# The JSON Schemas of docs/schema against every golden request and expected
# quote, with ajv (npm); needs no build.
set -euo pipefail
node --test tests/schemas/
