"""What every chapter notebook does first, and the one way it shows a section's verdicts.

A chapter's second code cell is::

    from ev_compendium.notebook import setup, verdicts
    ch, P, STRICT = setup("ch003", overrides)

``setup`` applies the book's figure style (``compendium.mplstyle``), validates the overrides with the chapter's own constraints (the same call the command
line makes before it starts a kernel), shows the one wording of the "parameters overridden" note
when anything differs from the paper, and returns the chapter, its parameters and whether the
claim checks are enforced (only at the paper's baseline). Each section then ends with
``verdicts(ch, P, "ch003.s3_1")``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .chapter import Chapter, load_chapter
from .params import ParameterSet

STYLE = Path(__file__).with_name("compendium.mplstyle")

OVERRIDE_NOTE = ("**Note: parameters overridden ({names}).** The published-vs-reproduced tables "
                 "below are informational: they report how far this scenario is from the paper's "
                 "numbers, and no check is enforced.")


def override_note(P: ParameterSet) -> str:
    """The note shown when parameters differ from the paper's baseline (empty otherwise)."""
    return "" if P.is_paper_baseline else OVERRIDE_NOTE.format(names=", ".join(P.overridden))


def setup(chapter_id: str, overrides: Mapping[str, Any] | None = None
          ) -> tuple[Chapter, ParameterSet, bool]:
    """Load the chapter, validate ``overrides`` and show the override note if any.

    Returns ``(ch, P, strict)``: ``strict`` is True at the paper's baseline, where a failed
    claim check stops the notebook."""
    from IPython.display import Markdown, display

    import matplotlib.pyplot as plt

    ch = load_chapter(chapter_id)
    P = ch.parameters(overrides)
    plt.style.use(STYLE)  # the book's figure style: 200 dpi, type legible on a projector
    pd.set_option("display.max_colwidth", 90)
    pd.set_option("display.max_rows", 200)
    note = override_note(P)
    if note:
        display(Markdown(note))
    return ch, P, P.is_paper_baseline


def verdicts(ch: Chapter, P: ParameterSet, only: str | Iterable[str] | None = None) -> pd.DataFrame:
    """The published-vs-reproduced table of one section (claims whose ids start with
    ``only``): strict at the paper's baseline, informational otherwise."""
    return ch.check(P, only=only)
