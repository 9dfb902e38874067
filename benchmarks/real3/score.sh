#!/usr/bin/env bash
# Build the re-fetched real3 press releases and score them against the gold (see ../score_set.sh).
# usage: benchmarks/real3/score.sh [TEXTS] [--explain]   (default TEXTS /tmp/egov-kg-real3/texts)
exec "$(dirname "$0")/../score_set.sh" real3 "$@"
