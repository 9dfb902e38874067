#!/usr/bin/env bash
# Build the re-fetched real6 press releases and score them against the gold (see ../score_set.sh).
# usage: benchmarks/real6/score.sh [TEXTS] [--explain]   (default TEXTS /tmp/egov-kg-real6/texts)
exec "$(dirname "$0")/../score_set.sh" real6 "$@"
