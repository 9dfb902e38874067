#!/usr/bin/env bash
# Build the re-fetched press releases of one real set and score them against its gold.
# usage: benchmarks/score_set.sh SET [TEXTS] [--explain]   (SET: real, real2, real3, real4 or real5;
# default TEXTS /tmp/egov-kg-SET/texts). Each set's own score.sh calls this.
# SCORER may name another copy of the scorer (default: benchmarks/score.py).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
name=$1; shift
scorer=${SCORER:-$here/score.py}
[ -f "$scorer" ] || { echo "scorer not found: $scorer (set SCORER=/path/to/score.py)" >&2; exit 2; }
texts=/tmp/egov-kg-$name/texts
[ $# -gt 0 ] && [ "${1#--}" = "$1" ] && { texts=$1; shift; }
python3 "$here/check_texts.py" "$name" "$texts" >/dev/null || { python3 "$here/check_texts.py" "$name" "$texts"; exit 1; }
out=$(mktemp -d "/tmp/egov-kg-$name-out.XXXX")
egov-kg build "$texts" -o "$out" -q || [ $? -eq 3 ]
python3 "$scorer" --gold "$here/$name/$name.gold.json" --graph "$out" "$@"
echo "graph: $out"
