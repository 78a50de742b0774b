"""pytest plugin loaded only inside a mutation run (``-p _pytest_select``; see run.py).

* Deselects tests that run the compendium in a subprocess (they request one of
  ``SUBPROCESS_FIXTURES``): the subprocess imports the unmutated package, so mutmut can
  neither attribute them to a function nor see a mutant fail them; they are also slow.
* Makes hypothesis deterministic (``derandomize``, no database) and drops its deadline, so a
  mutant is killed or survives the same way on every run and the trampolines' overhead is
  never mistaken for a failure.
"""

from __future__ import annotations

SUBPROCESS_FIXTURES = {"run_chapter_cli"}


def pytest_configure(config):
    try:
        from hypothesis import settings
    except ImportError:  # pragma: no cover
        return
    settings.register_profile("mutation", derandomize=True, database=None, deadline=None,
                              print_blob=False)
    settings.load_profile("mutation")


def pytest_collection_modifyitems(config, items):
    keep, drop = [], []
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        (drop if fixtures & SUBPROCESS_FIXTURES else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
