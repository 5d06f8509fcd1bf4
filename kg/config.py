"""Settings with their defaults, in one place.

Every path default is relative to the current working directory, so that
``kg build`` run from a checkout uses that checkout's ``seeds/``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

#: The package's own folder and the project root (a checkout or an sdist).
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent

#: Where documents and their manifest are read from.
DEFAULT_SEEDS_DIR = Path(os.environ.get("KG_SEEDS", "seeds"))
MANIFEST_NAME = "manifest.toml"

#: Where the Oxigraph store lives (built beside, swapped in atomically).
DEFAULT_STORE_DIR = Path(os.environ.get("KG_STORE", ".kg/store"))


def curated_dir(name: str) -> Path:
    """The curated folder ``name`` (``ontology``, ``shapes``, ``queries``).

    An installed package carries it as package data, ``kg/data/<name>``
    (found through :mod:`importlib.resources`); a checkout, editable install
    included, reads the top-level ``<name>/`` folder, the source of truth
    (docs/decisions/0005-curated-data-as-package-data-issue17.md).
    """
    packaged = resources.files("kg") / "data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    return PROJECT_DIR / name


#: Curated data shipped with the project.
DATA_DIR = Path(str(resources.files("kg") / "data"))
ONTOLOGY_DIR = curated_dir("ontology")
SHAPES_DIR = curated_dir("shapes")
QUERIES_DIR = curated_dir("queries")

#: Base of every IRI the build mints (see kg.iris and docs/decisions).
BASE_IRI = os.environ.get("KG_BASE_IRI", "https://w3id.org/october1917/")

#: Bumped whenever an extractor changes what it produces (incremental builds).
EXTRACTOR_VERSION = "1"

#: Licence of the graph (the facts, links and short quotations it holds).
DATASET_LICENSE = os.environ.get("KG_LICENSE", "https://creativecommons.org/licenses/by/4.0/")
