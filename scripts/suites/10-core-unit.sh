# GoogleTest unit tests of the core (native) and the HTTP layer and server storage.
set -euo pipefail
ctest --test-dir build/native --output-on-failure -j 2
