"""pytest plugin loaded only inside a mutation run (``-p _pytest_select``; see run.py).

* Deselects the target's slow sweeps named in ``_mutation_deselect.txt`` (one node-id
  fragment per line; run.py writes it from the target's ``deselect``, and mutmut copies it
  next to the tests), e.g. a chapter's test of every parameter at both ends of its range.
* Makes hypothesis deterministic (``derandomize``, no database) and drops its deadline, so a
  mutant is killed or survives the same way on every run and the trampolines' overhead is
  never mistaken for a failure.
"""

from __future__ import annotations

from pathlib import Path

DESELECT_FILE = "_mutation_deselect.txt"


def _deselected_fragments(config) -> list[str]:
    for folder in (Path.cwd(), Path(str(config.rootpath))):
        path = folder / DESELECT_FILE
        if path.is_file():
            return [line.strip() for line in path.read_text().splitlines() if line.strip()]
    return []


def pytest_configure(config):
    try:
        from hypothesis import settings
    except ImportError:  # pragma: no cover
        return
    settings.register_profile("mutation", derandomize=True, database=None, deadline=None,
                              print_blob=False)
    settings.load_profile("mutation")


def pytest_collection_modifyitems(config, items):
    fragments = _deselected_fragments(config)
    keep, drop = [], []
    for item in items:
        (drop if any(fragment in item.nodeid for fragment in fragments) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
