"""The ``egov-kg`` command line: a thin Click layer over the library.

Library errors become one-line ``ClickException`` messages here and nowhere else.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from egov_kg import __version__
from egov_kg.errors import EgovKgError, OutputError, printable, quote_name
from egov_kg.ontology.namespaces import DEFAULT_BASE_IRI
from egov_kg.store import Table, load_store, query
from egov_kg.table_files import shipped_queries
from egov_kg.tables import FORMATS as TABLE_FORMATS

#: Exit status of a build that wrote its graph but had to skip some input files.
EXIT_SKIPPED = 3

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
TABLE_KINDS = tuple(shipped_queries())


def _library_errors(func: Callable) -> Callable:
    """Turn the library's expected failures into one clear line and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (EgovKgError, ValueError, OSError) as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


@contextlib.contextmanager
def _interrupted(message: str) -> Iterator[None]:
    """Ctrl-C ends the command with ``message`` on one line and status 130, not a traceback."""
    try:
        yield
    except KeyboardInterrupt:
        click.echo(message, err=True)
        sys.exit(130)


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
              show_default=True, help="Folder for graph.ttl, graph.trig, graph.nq and graph.jsonld.")
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True, help="Namespace of the minted IRIs.")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="Check new and changed graphs against the SHACL shapes before writing "
                   "(above 200 press releases, a fixed sample of 200).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes (or Dask workers) analysing press releases  [default: one per core]")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the per-document work runs: local processes, or a Dask cluster "
                   "(needs egov-kg[distributed]).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler to use with --executor dask (e.g. tcp://host:8786)  "
                   "[default: a local cluster of --jobs workers]")
@click.option("--shards/--no-shards", default=None,
              help="Write shards/part-NNNNN.nq (N-Quads for bulk loading) instead of the graph files  "
                   "[default: on with --executor dask]")
@click.option("--allow-empty", is_flag=True,
              help="Write an empty graph when CORPUS has no readable press release (else that is refused).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@_library_errors
def build(corpus: Path, output: Path, base_iri: str, validate: bool, jobs: int | None, executor: str,
          scheduler: str | None, shards: bool | None, allow_empty: bool, quiet: bool) -> None:
    """Read every press release in CORPUS and write the knowledge graph.

    Files that cannot be read (empty, binary, too large, duplicates) are named with the
    reason on standard error; the rest is built and the exit status is 3.

    A build keeps the facts of every press release in OUTPUT/.cache: building again
    analyses only new and changed files, and writes nothing if nothing changed.

    \b
    Example:
      egov-kg build corpus/ -o output/
      egov-kg build big-corpus/ -o big/ --jobs 8
      egov-kg build big-corpus/ -o big/ --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from egov_kg.build import build as run_build
    from egov_kg.reading import corpus_files

    if not base_iri.endswith(("/", "#")):
        raise click.BadParameter("must end with '/' or '#'", param_hint="--base-iri")
    if scheduler and executor != "dask":
        raise click.BadParameter("needs --executor dask", param_hint="--scheduler")
    shards = executor == "dask" if shards is None else shards
    show_progress = not quiet and sys.stderr.isatty()
    total = len(corpus_files(corpus))
    with _interrupted(f"interrupted: {output} keeps the graph of its last complete build"), \
            click.progressbar(length=total, label="Reading", file=sys.stderr, hidden=not show_progress) as bar:
        result = run_build(
            corpus, output, base_iri=base_iri,
            on_document=lambda _: bar.update(1),
            on_skip=lambda skipped: (bar.update(1), click.echo(str(skipped), err=True)),
            on_notice=lambda notice: click.echo(str(notice), err=True),
            validate=validate, jobs=jobs, executor=executor, scheduler=scheduler, shards=shards,
            allow_empty=allow_empty,
        )
    if not quiet:
        click.echo(build_summary(result), err=True)
        if result.unchanged:
            click.echo(f"{output} is up to date (nothing changed since the last build)", err=True)
        elif shards:
            click.echo(f"wrote {output / 'shards'}/part-*.nq ({result.statements.get('shards', 0)} quads; "
                       f"{result.analysed} press releases analysed, {result.emitted} graphs written anew)", err=True)
        else:
            click.echo(f"wrote {output / 'graph.ttl'} ({result.statements.get('graph.ttl', 0)} triples), "
                       f"{output / 'graph.trig'} and {output / 'graph.nq'} ({result.analysed} press releases "
                       f"analysed, {result.emitted} graphs written anew)", err=True)
    if result.contradictions and not quiet:
        found = _counted(len(result.contradictions), "contradiction", "contradictions")
        click.echo(f"{found} (details in {output / 'report.json'}):", err=True)
        for line in result.contradictions[:10]:
            click.echo(f"  {printable(line)}", err=True)  # file names in it may hold line breaks
    if result.skipped:
        sys.exit(EXIT_SKIPPED)


#: The build summary: (count's key in BuildResult.entities or .facts, singular, plural).
SUMMARY_KINDS = (("organizations", "organisation", "organisations"), ("persons", "person", "persons"),
                 ("offices", "office", "offices"), ("fundings", "grant", "grants"),
                 ("cooperations", "cooperation", "cooperations"), ("events", "event", "events"),
                 ("amounts", "amount of money", "amounts of money"), ("dates", "date", "dates"))


def build_summary(result) -> str:  # noqa: ANN001 - a build.BuildResult
    """What a build found, each entity and fact once, as the tables list them."""
    count = len(result.documents)
    found = {**result.facts, **result.entities}
    parts = [_counted(found.get(key, 0), one, many) for key, one, many in SUMMARY_KINDS]
    return (f"{_counted(count, 'press release', 'press releases')}, {len(result.skipped)} skipped: "
            f"{', '.join(parts)}")


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
def _query_limits(func: Callable) -> Callable:
    """``--timeout`` and ``--allow-service``, shared by query and serve."""
    from egov_kg.query_guard import DEFAULT_TIMEOUT

    func = click.option("--allow-service", is_flag=True,
                        help="Run SERVICE clauses, which make this machine fetch from other SPARQL endpoints "
                             "(refused unless given).")(func)
    return click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
                        help="Seconds a query may run before it is stopped (0: no limit).")(func)


@cli.command("query")
@click.argument("output", type=click.Path(file_okay=False, path_type=Path))
@click.argument("sparql")
@_format_option(*TABLE_FORMATS)
@_query_limits
@click.option("--max-rows", type=click.IntRange(min=0), default=100_000, show_default=True,
              help="Refuse a result of more rows (0: no limit).")
@_library_errors
def query_command(output: Path, sparql: str, fmt: str, timeout: float, allow_service: bool, max_rows: int) -> None:
    """Run a SPARQL query (a string or a .rq file) over the graph in OUTPUT.

    All press releases are queried as one merged graph in which each statement holds once;
    each press release's own statements are its named graph (GRAPH ?document { ... }).
    The usual prefixes (schema, org, egov, prov, skos, dcterms, time, ...) are declared for you.
    A query too big for the engine, one that runs longer than --timeout or gives more than
    --max-rows rows is stopped with one line; Ctrl-C stops it at once.

    \b
    Example:
      egov-kg query output/ 'SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }'
      egov-kg query output/ my-query.rq --format csv
    """
    from egov_kg.ids import short_id
    from egov_kg.query_guard import Policy, run_query
    from egov_kg.tables import render

    text = Path(sparql).read_text(encoding="utf-8") if sparql.endswith(".rq") else sparql
    table = run_query(output, text, timeout=timeout or None, max_rows=max_rows or None,
                      policy=Policy(allow_service=allow_service))
    click.echo(render(table, fmt, short=lambda iri: short_id(iri, DEFAULT_BASE_IRI)), nl=False)


@cli.command()
@click.argument("kind", type=click.Choice(TABLE_KINDS))
@_output_argument
@_format_option(*TABLE_FORMATS)
@click.option("--evidence", is_flag=True, help="Add the file, offsets, quote and sentence each fact was read from.")
@_library_errors
def table(kind: str, output: Path, fmt: str, evidence: bool) -> None:
    """Print a ready-made table of facts: one row per fact.

    Each table is a SPARQL query shipped with egov-kg (egov_kg/queries/KIND.rq),
    to read and adapt; the build runs it once and keeps the result beside the graph.

    \b
    Example:
      egov-kg table roles output/
      egov-kg table fundings output/ --format csv > fundings.csv
      egov-kg table fundings output/ --evidence --format json
    """
    from egov_kg.evidence import with_evidence
    from egov_kg.ids import short_id
    from egov_kg.money import granted_line
    from egov_kg.table_files import read_table
    from egov_kg.tables import render

    result, base = read_table(output, kind)
    shown = with_evidence(load_store(output), kind, result) if evidence else result  # from the press releases' graphs
    click.echo(render(shown, fmt, kind=kind, short=lambda iri: short_id(iri, base), footer=granted_line(result)),
               nl=False)


@cli.command()
@click.argument("output", type=click.Path(file_okay=False, path_type=Path))
@click.argument("node", metavar="ID")
@_library_errors
def explain(output: Path, node: str) -> None:
    """Show everything the graph in OUTPUT knows about one node (ID), with its evidence.

    ID is a short id as the tables show it (person:hartmut-schubert, org:state/16), a prefixed
    name (schema:Person) or a whole IRI.

    \b
    Example:
      egov-kg explain output/ person:hartmut-schubert
      egov-kg explain output/ org:state/16
      egov-kg explain output/ https://w3id.org/egov-kg/id/org/state/16
    """
    from egov_kg.evidence import describe
    from egov_kg.ids import base_of, expand, short_id

    store = load_store(output)
    base = base_of(store)
    iri = expand(node, base)
    outgoing, incoming, evidence = describe(store, iri)
    if not outgoing.rows and not incoming.rows:
        raise click.ClickException(f"{node} is not in the graph in {output}")

    def shown(table: Table, row: tuple[str, ...]) -> str:
        return "  ".join(short_id(v, base) if kind == "iri" else v for v, kind in zip(row, table.types))

    click.echo(f"{short_id(iri, base)}  <{iri}>")
    for row in outgoing.rows:
        click.echo(f"  {shown(outgoing, row)}")
    if incoming.rows:
        click.echo("referred to by:")
        for row in incoming.rows:
            click.echo(f"  {shown(incoming, row)}")
    for row in evidence.get(iri, []):
        click.echo(f"evidence: {row.file} [{row.start}:{row.end}] \u00bb{row.text}\u00ab in: {row.sentence}")


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
    from egov_kg.network import (
        network_stats,
        organisation_network,
        plot_network,
        write_network,
    )

    if plot is not None and plot.suffix.lower() not in (".svg", ".png"):
        raise click.BadParameter("must end in .svg or .png", param_hint="--plot")
    graph = organisation_network(load_store(output, named=False), kind=kind)
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
    from egov_kg.outputs import damaged, reading

    source = output / "graph.ttl"
    with reading(output) as files:  # a file cut short is named here
        if not (files / "graph.ttl").is_file():
            raise OutputError(f"no graph in {output}: run `egov-kg build CORPUS -o {output}` first")
        try:
            violations = validate_file(files / "graph.ttl")
        except ValueError as exc:
            raise damaged(output, source, str(exc)) from None
    for violation in violations:
        click.echo(str(violation))
    if violations:
        raise click.ClickException(f"{source} violates the shapes in {len(violations)} places")
    click.echo(f"{source} conforms to the egov-kg shapes")


def _verbosity_options(func: Callable) -> Callable:
    """``--quiet`` and ``--verbose``; giving both is an error."""

    @functools.wraps(func)
    def wrapper(*args, quiet: bool, verbose: bool, **kwargs):
        if quiet and verbose:
            raise click.UsageError("--quiet and --verbose exclude each other")
        return func(*args, quiet=quiet, verbose=verbose, **kwargs)

    wrapper = click.option("-v", "--verbose", is_flag=True, help="Say more: every graph, link or press release.")(wrapper)
    return click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")(wrapper)


def _progress(length: int, label: str, *, quiet: bool, verbose: bool):
    """A progress bar on standard error, shown only on a terminal and when neither quiet nor verbose."""
    return click.progressbar(length=length, label=label, file=sys.stderr,
                             hidden=quiet or verbose or not sys.stderr.isatty())


@cli.command()
@_output_argument
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Any but a loopback address (e.g. 0.0.0.0) lets other machines query.")
@click.option("--allow-updates", is_flag=True,
              help="Accept SPARQL updates and Graph Store writes (to a temporary copy; OUTPUT never changes).")
@click.option("--allow-load", is_flag=True, help="With --allow-updates: run LOAD, which makes this machine fetch a URL.")
@_query_limits
@click.option("--max-answer-mb", type=click.FloatRange(min=0), default=100, show_default=True,
              help="Refuse an answer larger than this many megabytes (0: no limit).")
@_verbosity_options
@_library_errors
def serve(output: Path, port: int, host: str, allow_updates: bool, allow_load: bool, timeout: float,
          allow_service: bool, max_answer_mb: float, quiet: bool, verbose: bool) -> None:
    """Serve the graph in OUTPUT as a SPARQL endpoint with a query UI, until Ctrl-C.

    Oxigraph's server (from the oxigraph package) answers SPARQL 1.1 queries at /query and
    the Graph Store Protocol at /store. As with `egov-kg query`, the default graph is the merge
    of all press releases (each statement once) and the query UI opens with the same prefixes
    declared. It listens on 127.0.0.1 and is read-only unless told otherwise. The shipped
    queries of `egov-kg table` open in the UI from a page whose address is printed.
    A query too big for the engine, SERVICE and LOAD are refused unless allowed; an answer
    that takes longer than --timeout or grows larger than --max-answer-mb is stopped.

    \b
    Example:
      egov-kg serve output/
      egov-kg serve output/ --port 8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 5' http://127.0.0.1:7878/query
    """
    import signal

    from egov_kg.query_guard import Policy
    from egov_kg.serve import LOOPBACK_HOSTS, start_server
    from egov_kg.serve_guard import Limits

    if host not in LOOPBACK_HOSTS:
        click.echo(f"warning: listening on {host}: every machine that reaches it can query the graph", err=True)
    if allow_updates:
        click.echo("warning: updates allowed: whoever reaches the server can change the served copy "
                   f"(the files in {output} stay as they are)", err=True)
    if allow_load and not allow_updates:
        raise click.BadParameter("needs --allow-updates", param_hint="--allow-load")
    limits = Limits(Policy(allow_service=allow_service, allow_load=allow_load), timeout or None,
                    int(max_answer_mb * 1024 * 1024) or None)
    server = start_server(output, host=host, port=port, allow_updates=allow_updates, limits=limits)
    for signum in (signal.SIGTERM, signal.SIGHUP):  # `kill` or a closed terminal stop as cleanly as Ctrl-C
        signal.signal(signum, lambda *_: sys.exit(0))
    status = None
    try:
        if not quiet:
            mode = "read and write" if allow_updates else "read-only"
            click.echo(f"SPARQL endpoint  {server.query_url}  ({mode})")
            click.echo(f"Graph Store      {server.store_url}")
            click.echo(f"query UI         {server.ui_url}")
            click.echo(f"shipped queries  {server.index_page.as_uri()}  ({', '.join(server.links)})")
            if verbose:
                for name, link in server.links.items():
                    click.echo(f"  {name}: {link}")
            click.echo("Press Ctrl-C to stop.", err=True)
        status = server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # a second signal must not leave it behind
            signal.signal(signum, signal.SIG_IGN)
        server.stop()
        if not quiet:
            click.echo("stopped", err=True)
    if status is not None:
        raise click.ClickException(f"the SPARQL server ended by itself (exit {status})")


@cli.command()
@_output_argument
@click.option("--endpoint", required=True, envvar="EGOV_KG_ENDPOINT", show_envvar=True,
              help="The store's Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph) "
                   "or https://host/DATASET/data (Fuseki).")
@click.option("--retries", type=click.IntRange(0, 10), default=4, show_default=True,
              help="Further tries of a graph after a transient failure, waiting 0.5 s, 1 s, 2 s, ...")
@click.option("--timeout", type=click.FloatRange(1), default=60.0, show_default=True,
              help="Seconds to wait for the store to answer one request.")
@_verbosity_options
@_library_errors
def push(output: Path, endpoint: str, retries: int, timeout: float, quiet: bool, verbose: bool) -> None:
    """Write the graph in OUTPUT into a SPARQL 1.1 store, one named graph per press release.

    Each graph is replaced whole with one Graph Store Protocol PUT, so the store holds the old
    or the new version of a press release, never a mix. Credentials come from the environment
    (EGOV_KG_USER and EGOV_KG_PASSWORD, or EGOV_KG_TOKEN) or from ~/.netrc (or $NETRC), never
    from the command line. TLS certificates are verified.

    \b
    Example:
      egov-kg push output/ --endpoint http://localhost:7878/store
      EGOV_KG_USER=me EGOV_KG_PASSWORD=... egov-kg push output/ --endpoint https://triples.example.org/kg/data
    """
    from egov_kg.push import credential_warning, credentials, graph_payloads
    from egov_kg.push import push as run_push

    auth = credentials(endpoint)
    warning = credential_warning(endpoint, auth)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    payloads = graph_payloads(output)
    with _progress(len(payloads), "Pushing", quiet=quiet, verbose=verbose) as bar:
        def pushed(payload) -> None:
            bar.update(1)
            if verbose:
                click.echo(f"replaced {payload.iri or 'the default graph'} ({payload.triples} triples)", err=True)

        result = run_push(output, endpoint, auth=auth, retries=retries, timeout=timeout, on_graph=pushed,
                          payloads=payloads)
    if not quiet:
        click.echo(f"pushed {result.graphs} graphs ({result.triples} triples) to {endpoint}", err=True)


@cli.command()
@_output_argument
@click.option("-o", "--to", "target", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the page [default: OUTPUT/report.html].")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The folder the build read: its press releases are shown whole (else only the sentences "
                   "facts come from).")
@_verbosity_options
@_library_errors
def report(output: Path, target: Path | None, corpus: Path | None, quiet: bool, verbose: bool) -> None:
    """Write one self-contained HTML page to look at the graph in OUTPUT.

    Per press release the text with its mentions highlighted by kind and the facts read from
    it; the organisation network; money by recipient and by year; the contradictions found.
    The page works offline: it loads nothing from anywhere.

    \b
    Example:
      egov-kg report output/ --corpus corpus/ -o report.html
    """
    from egov_kg.report import render_report
    from egov_kg.store import write_text

    target = target or output / "report.html"
    total = len(query(load_store(output), "SELECT ?d WHERE { ?d a egov:PressRelease }").rows)
    with _progress(total, "Rendering", quiet=quiet, verbose=verbose) as bar:
        def rendered(source_file: str) -> None:
            bar.update(1)
            if verbose:
                click.echo(f"rendered {quote_name(source_file)}", err=True)

        result = render_report(output, corpus=corpus, on_document=rendered)
    write_text(target, result.html)
    if not quiet:
        click.echo(f"wrote {target}: {result.documents} press releases ({result.full_texts} as whole texts), "
                   f"{result.marks} mentions, {result.facts} facts, {result.contradictions} contradictions", err=True)
