#!/usr/bin/env bash
# Build the re-fetched real2 press releases and score them against the gold.
# usage: benchmarks/real2/score.sh [TEXTS] [--explain]   (default TEXTS /tmp/egov-kg-real2/texts)
# SCORER may name another copy of the scorer (default: benchmarks/score.py).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scorer=${SCORER:-$root/benchmarks/score.py}
[ -f "$scorer" ] || { echo "scorer not found: $scorer (set SCORER=/path/to/score.py)" >&2; exit 2; }
texts=/tmp/egov-kg-real2/texts
[ $# -gt 0 ] && [ "${1#--}" = "$1" ] && { texts=$1; shift; }
python3 "$here/check.py" "$texts" >/dev/null || { python3 "$here/check.py" "$texts"; exit 1; }
out=$(mktemp -d /tmp/egov-kg-real2-out.XXXX)
egov-kg build "$texts" -o "$out" -q || [ $? -eq 3 ]
python3 "$scorer" --gold "$here/real2.gold.json" --graph "$out" "$@"
echo "graph: $out"
