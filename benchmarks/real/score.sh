#!/usr/bin/env bash
# Build the re-fetched real press releases and score them against the gold (see ../score_set.sh).
# usage: benchmarks/real/score.sh [TEXTS] [--explain]   (default TEXTS /tmp/egov-kg-real/texts)
exec "$(dirname "$0")/../score_set.sh" real "$@"
