#!/usr/bin/env bash
# Hostile-input campaign against m2text and mscan for N minutes (default 5):
#   scripts/fuzz.sh [MINUTES] [SEED]
# Cuts, byte flips in compressed and raw streams, forged fields and sizes, unknown types; checks
# exit 0/2, one error line naming file/entry/offset, no exception or stack trace, bounded output.
# Failing inputs are kept in the directory it prints. Needs a build: mvn -q -DskipTests package
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$root/bin/mtrace-bench" fuzz --minutes="${1:-5}" --seed="${2:-$RANDOM}"
