"""Packaging glue pyproject.toml cannot express: the curated folders as package data.

``ontology/``, ``shapes/`` and ``queries/`` stay at the top of the checkout
(the source of truth a historian edits); the wheel carries them as
``kg/data/ontology``, ``kg/data/shapes`` and ``kg/data/queries`` through
setuptools' ``package_dir`` mapping (no copies, no symbolic links).  See
docs/decisions/0005-curated-data-as-package-data-issue17.md.
"""

from setuptools import find_namespace_packages, setup

CURATED = {f"kg.data.{name}": name for name in ("ontology", "shapes", "queries")}

setup(
    packages=[
        *find_namespace_packages(include=["kg", "kg.*"], exclude=["*.__pycache__"]),
        *CURATED,
    ],
    package_dir=CURATED,
)
