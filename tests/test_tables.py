"""Presentation of data tables."""

import numpy as np
import pandas as pd

from ev_compendium.tables import for_display


def test_for_display_drops_float_artefacts_and_marks_gaps():
    frame = pd.DataFrame({"units": [12876.0, np.nan], "kwh": [31.08, 318.0], "name": ["bus", None]})
    shown = for_display(frame)
    assert shown.to_dict("list") == {"units": [12876, "—"], "kwh": [31.08, 318.0], "name": ["bus", "—"]}
    assert str(shown.loc[0, "units"]) == "12876"
    assert frame.loc[1, "units"] != frame.loc[1, "units"]  # the input keeps its NaN
