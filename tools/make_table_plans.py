"""Write ``src/egov_kg/queries/plans.json``: for every shipped table, what its rows depend on
(``egov_kg.table_plans``), so that a build updates only the rows a change can touch without
parsing the queries (0.8 s) itself. Run it after changing a query in ``src/egov_kg/queries``:

    python tools/make_table_plans.py
"""

from __future__ import annotations

from egov_kg.table_files import PLANS, plans_file


def main() -> None:
    PLANS.write_text(plans_file(), encoding="utf-8")
    print(f"wrote {PLANS}")


if __name__ == "__main__":
    main()
