"""Every shape example is validated by both engines, which must agree.

The shape tests call ``validate`` (imported from :mod:`kg.validate`); here it
is wrapped, for each of their modules, so that every call runs the fast
engine and pySHACL on the same graph, checks that their (focus, path,
component, severity, value) results and verdicts are identical, and returns
the fast engine's report.  The examples therefore check the shapes and the
engines' parity at once.
"""

from __future__ import annotations

from typing import Any

import pytest

from kg import validate as validation


def _both(data: Any, *args: Any, **kwargs: Any) -> validation.Report:
    fast = validation.validate(data, *args, engine="fast", **kwargs)
    reference = validation.validate(data, *args, engine="pyshacl", **kwargs)
    assert fast.results == reference.results
    assert fast.conforms == reference.conforms
    return fast


@pytest.fixture(autouse=True)
def _parity(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if getattr(request.module, "validate", None) is validation.validate:
        monkeypatch.setattr(request.module, "validate", _both)
