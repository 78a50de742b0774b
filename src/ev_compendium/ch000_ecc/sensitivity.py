"""Section 3.6 of Li (2026): Sobol variance decomposition of carbon over the design space.

* :func:`sobol_indices`: first-order and total indices estimated with SALib (Saltelli sampling);
* :func:`analytic_variance_shares`: the exact first-order shares of the additive model, a check
  on the estimator;
* :func:`top3_share_vs_recovery_bound`: how the "more than 70 percent" share of material, motor
  efficiency and cooling depends on the assumed range of energy recovery.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from .model import EccModel
from .optimisation import round_cooling
from ..validate import require

SOBOL_INPUTS = ("recycled material ratio", "motor efficiency", "cooling type", "energy recovery")


def is_power_of_two(n: int) -> bool:
    """True for 1, 2, 4, 8, ... (Saltelli's sample sizes)."""
    return n >= 1 and not n & (n - 1)


def sobol_indices(model: EccModel, *, base_samples: int, seed: int) -> pd.DataFrame:
    """First-order and total Sobol indices of C(x) over the design space (Section 3.6),
    inputs uniform on their bounds, cooling Bernoulli(1/2) via rounding. Saltelli/Sobol
    sampling with ``base_samples * (D + 2)`` model runs (no second-order terms)."""
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    require(base_samples >= 2 and is_power_of_two(base_samples), ("sobol_base_samples",),
            "a power of 2 (>= 2)", {"sobol_base_samples": base_samples})
    lower, upper = model.bounds()
    problem = {"num_vars": 4, "names": list(SOBOL_INPUTS),
               "bounds": [[lo, hi if hi > lo else lo + 1e-9] for lo, hi in zip(lower, upper)]}
    x = sobol_sample.sample(problem, base_samples, calc_second_order=False, scramble=True, seed=seed)
    y = model.carbon_kg(round_cooling(np.clip(x, lower, upper)))
    with np.errstate(divide="ignore", invalid="ignore"):  # a constant output has no variance to share
        result = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed, print_to_console=False)
    return pd.DataFrame({"S1": result["S1"], "S1_conf": result["S1_conf"],
                         "ST": result["ST"], "ST_conf": result["ST_conf"]},
                        index=pd.Index(list(SOBOL_INPUTS), name="input"))


def analytic_variance_shares(model: EccModel) -> pd.Series:
    """Exact first-order shares for the *additive* model: ``a_k^2 Var(x_k) / sum``
    (uniform continuous inputs, Bernoulli(1/2) cooling); NaN when carbon does not vary."""
    require(model.combination == "additive", ("combination",), "'additive' (closed-form shares exist "
            "only for the additive model)", {"combination": model.combination})
    lower, upper = model.bounds()
    slope = np.array([model.material_saving_per_ratio,
                      model.motor_loss_energy_share / (1.0 - model.eta0),
                      model.cooling_energy_saving,
                      model.recovery_saving_per_utilisation])
    variance = np.array([(upper[0] - lower[0]) ** 2 / 12, (upper[1] - lower[1]) ** 2 / 12, 0.25,
                         (upper[3] - lower[3]) ** 2 / 12])
    part = slope ** 2 * variance
    total = part.sum()
    shares = part / total if total > 0 else np.full(4, np.nan)
    return pd.Series(shares, index=list(SOBOL_INPUTS), name="analytic S1")


def top3_share_vs_recovery_bound(model: EccModel, recovery_bounds) -> pd.DataFrame:
    """Analytic variance share of (material, motor, cooling) as the assumed upper bound of
    energy recovery varies (additive model): how the Section 3.6 '> 70 %' depends on input ranges."""
    rows = []
    for bound in np.asarray(recovery_bounds, dtype=float):
        require(bound >= model.u0, ("energy_recovery_max",), f"a bound >= the baseline {model.u0:g}",
                {"energy_recovery_max": float(bound)})
        shares = analytic_variance_shares(replace(model, u_max=float(bound)))
        rows.append({"energy_recovery_max": bound, "top3_share": float(shares.iloc[:3].sum())})
    return pd.DataFrame(rows)
