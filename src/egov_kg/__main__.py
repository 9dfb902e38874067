"""Allow ``python -m egov_kg``."""

from egov_kg.cli import cli

if __name__ == "__main__":
    cli(prog_name="egov-kg")
