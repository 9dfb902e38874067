"""Imported by the fork server of ``tests/test_outputs.py``: the children it forks start with
the pipeline and every extractor's rules loaded, as a build's forked workers do."""

from egov_kg.pipeline import warm_up

warm_up()
