"""egov-kg: a knowledge graph of German e-government press releases.

The flow runs one way: corpus -> spaCy Doc -> extractors (typed records) -> resolution
(stable identities) -> RDF -> outputs (Turtle, TriG, tables, SPARQL).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("egov-kg")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__"]
