"""Settings with their defaults, in one place.

Every path default is relative to the current working directory, so that
``kg build`` run from a checkout uses that checkout's ``seeds/``.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The package's own folder and the project root (a checkout or an sdist).
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent

#: Where documents and their manifest are read from.
DEFAULT_SEEDS_DIR = Path(os.environ.get("KG_SEEDS", "seeds"))
MANIFEST_NAME = "manifest.toml"

#: Where the Oxigraph store lives (built beside, swapped in atomically).
DEFAULT_STORE_DIR = Path(os.environ.get("KG_STORE", ".kg/store"))

#: Curated data shipped with the project.
ONTOLOGY_DIR = PROJECT_DIR / "ontology"
SHAPES_DIR = PROJECT_DIR / "shapes"
QUERIES_DIR = PROJECT_DIR / "queries"
DATA_DIR = PACKAGE_DIR / "data"

#: Base of every IRI the build mints (see kg.iris and docs/decisions).
BASE_IRI = os.environ.get("KG_BASE_IRI", "https://w3id.org/october1917/")

#: Bumped whenever an extractor changes what it produces (incremental builds).
EXTRACTOR_VERSION = "1"

#: Licence of the graph (the facts, links and short quotations it holds).
DATASET_LICENSE = os.environ.get("KG_LICENSE", "https://creativecommons.org/licenses/by/4.0/")
