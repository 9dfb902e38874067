#!/usr/bin/env bash
# Build the re-fetched real press releases and score them against the gold.
# usage: benchmarks/real/score.sh [TEXTS] [--explain]   (default TEXTS /tmp/egov-kg-real/texts)
# SCORER may name another copy of the scorer (default: benchmarks/score.py).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
scorer=${SCORER:-$here/../score.py}
texts=/tmp/egov-kg-real/texts
[ $# -gt 0 ] && [ "${1#--}" = "$1" ] && { texts=$1; shift; }
python3 "$here/check.py" "$texts" >/dev/null || { python3 "$here/check.py" "$texts"; exit 1; }
out=$(mktemp -d /tmp/egov-kg-real-out.XXXX)
egov-kg build "$texts" -o "$out" -q || [ $? -eq 3 ]
python3 "$scorer" --gold "$here/real.gold.json" --graph "$out" "$@"
echo "graph: $out"
