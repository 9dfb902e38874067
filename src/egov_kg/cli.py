"""The ``egov-kg`` command line: a thin Click layer over the library.

Library errors become one-line ``ClickException`` messages here and nowhere else.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import click

from egov_kg import __version__
from egov_kg.errors import EgovKgError, OutputError
from egov_kg.ontology.namespaces import PREFIXES
from egov_kg.resolve import DEFAULT_BASE_IRI
from egov_kg.store import Table, load_store, query

#: Exit status of a build that wrote its graph but had to skip some input files.
EXIT_SKIPPED = 3

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
TABLE_KINDS = tuple(
    sorted(p.name[:-3] for p in resources.files("egov_kg.queries").iterdir() if p.name.endswith(".rq"))
)


def _library_errors(func: Callable) -> Callable:
    """Turn the library's expected failures into one clear line and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (EgovKgError, ValueError, OSError) as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


def _output_argument(func: Callable) -> Callable:
    return click.argument(
        "output", required=False, default="output", type=click.Path(file_okay=False, path_type=Path)
    )(func)


def _format_option(*choices: str) -> Callable:
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True,
        help="How to print the result.",
    )


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="egov-kg")
def cli() -> None:
    """Build and query a knowledge graph of German e-government press releases."""


@cli.command()
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Folder for graph.ttl, graph.trig and graph.nq.")
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True, help="Namespace of the minted IRIs.")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="Check the graph against the SHACL shapes before writing it.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@_library_errors
def build(corpus: Path, output: Path, base_iri: str, validate: bool, quiet: bool) -> None:
    """Read every press release in CORPUS and write the knowledge graph.

    Files that cannot be read (empty, binary, too large, duplicates) are named with the
    reason on standard error; the rest is built and the exit status is 3.

    \b
    Example:
      egov-kg build corpus/ -o output/
    """
    from egov_kg.build import build as run_build
    from egov_kg.reading import corpus_files

    if not base_iri.endswith(("/", "#")):
        raise click.BadParameter("must end with '/' or '#'", param_hint="--base-iri")
    show_progress = not quiet and sys.stderr.isatty()
    total = len(corpus_files(corpus))
    with click.progressbar(length=total, label="Reading", file=sys.stderr,
                           hidden=not show_progress) as bar:
        result = run_build(
            corpus, output, base_iri=base_iri,
            on_document=lambda _: bar.update(1),
            on_skip=lambda skipped: (bar.update(1), click.echo(str(skipped), err=True)),
            validate=validate,
        )
    if not quiet:
        facts = ", ".join(f"{n} {kind}" for kind, n in result.facts.items())
        click.echo(f"{len(result.documents)} press releases, {len(result.skipped)} skipped; facts: {facts}", err=True)
        click.echo(f"wrote {output / 'graph.ttl'} ({result.statements.get('graph.ttl', 0)} triples), "
                   f"{output / 'graph.trig'} and {output / 'graph.nq'}", err=True)
    if result.skipped:
        sys.exit(EXIT_SKIPPED)


@cli.command("query")
@click.argument("output", type=click.Path(file_okay=False, path_type=Path))
@click.argument("sparql")
@_format_option("table", "csv", "tsv", "json")
@_library_errors
def query_command(output: Path, sparql: str, fmt: str) -> None:
    """Run a SPARQL query (a string or a .rq file) over the graph in OUTPUT.

    All press releases' named graphs are queried together; the usual prefixes
    (schema, org, egov, prov, skos, dcterms, time, ...) are declared for you.

    \b
    Example:
      egov-kg query output/ 'SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }'
      egov-kg query output/ my-query.rq --format csv
    """
    text = Path(sparql).read_text(encoding="utf-8") if sparql.endswith(".rq") else sparql
    _print_table(query(load_store(output), text), fmt)


@cli.command()
@click.argument("kind", type=click.Choice(TABLE_KINDS))
@_output_argument
@_format_option("table", "csv", "tsv", "json")
@click.option("--evidence", is_flag=True, help="Add the file, offsets, quote and sentence each fact was read from.")
@_library_errors
def table(kind: str, output: Path, fmt: str, evidence: bool) -> None:
    """Print a ready-made table of facts: one row per fact.

    Each table is a SPARQL query shipped with egov-kg (egov_kg/queries/KIND.rq),
    to read and adapt.

    \b
    Example:
      egov-kg table roles output/
      egov-kg table fundings output/ --format csv > fundings.csv
      egov-kg table fundings output/ --evidence --format json
    """
    from egov_kg.evidence import with_evidence

    sparql = (resources.files("egov_kg.queries") / f"{kind}.rq").read_text(encoding="utf-8")
    store = load_store(output)
    result = query(store, sparql)
    _print_table(with_evidence(store, kind, result) if evidence else result, fmt)


@cli.command()
@_output_argument
@click.argument("iri")
@_library_errors
def explain(output: Path, iri: str) -> None:
    """Show everything the graph in OUTPUT knows about one node, with its evidence.

    \b
    Example:
      egov-kg explain output/ https://w3id.org/egov-kg/id/org/state/16
    """
    from egov_kg.evidence import describe

    outgoing, incoming, evidence = describe(load_store(output), iri)
    if not outgoing.rows and not incoming.rows:
        raise click.ClickException(f"{iri} is not in the graph in {output}")
    click.echo(iri)
    for prop, value in outgoing.rows:
        click.echo(f"  {_compact(prop)}  {_compact(value)}")
    if incoming.rows:
        click.echo("referred to by:")
        for subject, prop in incoming.rows:
            click.echo(f"  {_compact(subject)}  {_compact(prop)}")
    for row in evidence.get(iri, []):
        click.echo(f"evidence: {row.file} [{row.start}:{row.end}] \u00bb{row.text}\u00ab in: {row.sentence}")


def _compact(value: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if value.startswith(namespace):
            return f"{prefix}:{value[len(namespace):]}"
    return value


def _print_table(result: Table, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([dict(zip(result.columns, row)) for row in result.rows], ensure_ascii=False, indent=1))
    elif fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        click.echo(_aligned(result))


def _aligned(result: Table, width: int = 48) -> str:
    """A readable text table; long cells are cut with an ellipsis."""
    cut = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in cut)]) for i, h in enumerate(result.columns)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(result.columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cut]
    lines.append(f"({len(result.rows)} rows)")
    return "\n".join(lines)


@cli.command()
@_output_argument
@click.option("--kind", type=click.Choice(["cooperation", "funding", "all"]), default="all", show_default=True,
              help="Which edges: cooperation between members, funding from funder to recipient, or both.")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json"]), default="graphml",
              show_default=True, help="File format of the exported network.")
@click.option("--to", "target", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the network [default: OUTPUT/network.FORMAT].")
@click.option("--stats", is_flag=True, help="Print components, centralities and the biggest funders and recipients.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="Also draw the network to an .svg or .png.")
@_library_errors
def network(output: Path, kind: str, fmt: str, target: Path | None, stats: bool, plot: Path | None) -> None:
    """Export the organisation network (networkx) for Gephi or Cytoscape.

    \b
    Example:
      egov-kg network output/ --kind cooperation --format gexf
      egov-kg network output/ --stats --plot network.svg
    """
    from egov_kg.network import network_stats, organisation_network, plot_network, write_network

    if plot is not None and plot.suffix.lower() not in (".svg", ".png"):
        raise click.BadParameter("must end in .svg or .png", param_hint="--plot")
    graph = organisation_network(load_store(output), kind=kind)
    target = target or output / f"network.{fmt}"
    write_network(graph, target, fmt)
    click.echo(f"wrote {target} ({graph.number_of_nodes()} organisations, {graph.number_of_edges()} edges)", err=True)
    if plot is not None:
        plot_network(graph, plot)
        click.echo(f"wrote {plot}", err=True)
    if stats:
        s = network_stats(graph)
        click.echo(f"organisations {s.nodes}, edges {s.edges}, components {s.components} "
                   f"(largest {s.largest_component})")
        for title, rows, unit in (("degree centrality", s.degree, ""), ("betweenness centrality", s.betweenness, ""),
                                  ("funders (euro given)", s.funders, " €"),
                                  ("recipients (euro received)", s.recipients, " €")):
            click.echo(f"\n{title}:")
            for name, value in rows:
                shown = f"{value:,.2f}{unit}" if unit else f"{value:.3f}"
                click.echo(f"  {shown:>18}  {name}")
            if not rows:
                click.echo("  (none)")


@cli.command()
@_output_argument
@_library_errors
def validate(output: Path) -> None:
    """Check the graph in OUTPUT against egov-kg's SHACL shapes.

    Prints every violation (node, property, message) and exits 1 if there is any.

    \b
    Example:
      egov-kg validate output/
    """
    from egov_kg.ontology.validation import validate_file

    source = output / "graph.ttl"
    if not source.is_file():
        raise OutputError(f"no graph in {output}: run `egov-kg build CORPUS -o {output}` first")
    violations = validate_file(source)
    for violation in violations:
        click.echo(str(violation))
    if violations:
        raise click.ClickException(f"{source} violates the shapes in {len(violations)} places")
    click.echo(f"{source} conforms to the egov-kg shapes")
