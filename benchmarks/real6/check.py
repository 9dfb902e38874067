#!/usr/bin/env python3
"""Check a folder of re-fetched real6 press releases against manifest.json (see ../check_texts.py).

usage: python3 benchmarks/real6/check.py [TEXTS]   (default /tmp/egov-kg-real6/texts)"""
import pathlib, sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from check_texts import main  # noqa: E402

sys.exit(main("real6", pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/egov-kg-real6/texts")))
