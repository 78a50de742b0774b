"""Eq. (1)-(2) of Li (2026), Section 3.5, and Figure 1 (Section 4.3): multi-objective
optimisation of the design model and the carbon-cost frontier.

* :func:`run_nsga2`: ``min F(x) = [C(x), K(x), -eta(x)]`` s.t. ``g(x) <= 0`` with pymoo's NSGA-II
  (elitist; constraint-dominance handling rather than the paper's unspecified "adaptive penalty
  functions");
* :func:`pareto_front_2d`, :func:`pareto_mask_2d`, :func:`knee_point`, :func:`marginal_costs`:
  the carbon-cost frontier of Figure 1, its knee and Section 4.3's "disproportionate cost" test;
* :func:`grid_front`, :func:`knee_sensitivity`: the same frontier by exhaustive grid search (a
  check on NSGA-II) and how its knee moves with the assumed cost coefficients.

Every random step takes the chapter's ``seed``; the binary cooling variable is optimised as a
continuous value in [0, 1] and rounded (>= 0.5 -> oil-free) before evaluation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd
from pymoo.algorithms.moo.nsga2 import NSGA2
from pymoo.core.problem import Problem
from pymoo.operators.sampling.lhs import LHS
from pymoo.optimize import minimize

from .inputs import check_values
from .model import COST_COEFFICIENTS, DESIGN_VARIABLES, EccModel
from ..validate import require

Evaluator = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
#: the cost coefficients whose halving/doubling the knee-sensitivity sweep shows
KNEE_COST_COEFFICIENTS = ("recycled_cost_cny", "motor_cost_cny", "recovery_cost_quadratic_cny",
                          "electricity_price_cny_per_kwh")


def round_cooling(x: np.ndarray) -> np.ndarray:
    """Copy of design matrix ``x`` with the cooling column rounded to 0/1."""
    x = np.array(x, dtype=float, copy=True)
    x[:, 2] = (x[:, 2] >= 0.5).astype(float)
    return x


def exact_evaluator(model: EccModel) -> Evaluator:
    """(C, K) from the mechanistic model."""
    return lambda x: (model.carbon_kg(x), model.cost_cny(x))


class EccProblem(Problem):
    """Eq. (1)-(2): objectives [C (kg CO2e), K (CNY), -eta]; constraints
    g1 = K/K0 - cost_cap <= 0 (economic feasibility), g2 = eta0 - eta <= 0 (no performance loss)."""

    def __init__(self, model: EccModel, evaluator: Evaluator | None = None, with_efficiency: bool = True):
        lower, upper = model.bounds()
        super().__init__(n_var=4, n_obj=3 if with_efficiency else 2, n_ieq_constr=2, xl=lower, xu=upper)
        self.with_efficiency = with_efficiency
        self.model = model
        self.evaluator = evaluator or exact_evaluator(model)
        self.baseline_efficiency = float(model.system_efficiency(model.baseline_design())[0])

    def _evaluate(self, x, out, *args, **kwargs):
        x = round_cooling(x)
        carbon, cost = self.evaluator(x)
        eta = self.model.system_efficiency(x)
        objectives = [carbon, cost, -eta] if self.with_efficiency else [carbon, cost]
        out["F"] = np.column_stack(objectives)
        out["G"] = np.column_stack([cost / self.model.base_cost_cny - self.model.cost_cap_ratio,
                                    self.baseline_efficiency - eta])


def run_nsga2(model: EccModel, *, population: int, generations: int, seed: int,
              evaluator: Evaluator | None = None, with_efficiency: bool = True) -> pd.DataFrame:
    """Solve eq. (1)-(2) with NSGA-II; return the final population's feasible designs,
    re-evaluated with the mechanistic model (:meth:`EccModel.evaluate`), with the optimiser's
    own (possibly surrogate-predicted) C and K.

    ``with_efficiency=False`` drops the third objective (-eta) and keeps (C, K): the carbon-cost
    frontier of Figure 1 (eta stays constrained by g2). When no design of the final population
    is feasible (a cost cap that leaves no room above the baseline), the result is the baseline
    design alone, which is always feasible (g1 = K0/K0 - cap <= 0, g2 = 0)."""
    require(population >= 4 and generations >= 1, ("nsga_population", "nsga_generations"),
            "nsga_population >= 4 and nsga_generations >= 1",
            {"nsga_population": population, "nsga_generations": generations})
    problem = EccProblem(model, evaluator, with_efficiency)
    result = minimize(problem, NSGA2(pop_size=population, sampling=LHS()), ("n_gen", generations),
                      seed=seed, verbose=False)
    pop = result.pop
    feasible = np.all(pop.get("G") <= 0.0, axis=1)
    if not feasible.any():
        frame = model.evaluate(model.baseline_design())
        frame["predicted_carbon_kg_co2e"] = frame["carbon_kg_co2e"]
        frame["predicted_cost_cny"] = frame["cost_cny"]
        return frame
    designs = round_cooling(pop.get("X")[feasible])
    frame = model.evaluate(designs)
    frame["predicted_carbon_kg_co2e"] = pop.get("F")[feasible, 0]
    frame["predicted_cost_cny"] = pop.get("F")[feasible, 1]
    return frame.drop_duplicates(subset=list(DESIGN_VARIABLES)).reset_index(drop=True)


def pareto_front_2d(frame: pd.DataFrame, x: str = "carbon_kg_co2e", y: str = "cost_cny") -> pd.DataFrame:
    """Rows of ``frame`` not dominated in (min ``x``, min ``y``), sorted by ``x`` (pairwise test)."""
    values = frame[[x, y]].to_numpy()
    keep = []
    for a, b in values:
        dominated = np.any((values[:, 0] <= a) & (values[:, 1] <= b) & ((values[:, 0] < a) | (values[:, 1] < b)))
        keep.append(not dominated)
    return frame[np.array(keep, dtype=bool)].sort_values(x).reset_index(drop=True)


def pareto_mask_2d(a, b, a_order: np.ndarray | None = None) -> np.ndarray:
    """Boolean mask of the points not dominated in (min ``a``, min ``b``); O(n log n).

    ``a_order`` (optional) is ``argsort(a)`` known in advance; it is used only when ``a`` has no
    ties, where it equals the (a, then b) order this function would otherwise sort into."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    require(a.shape == b.shape and a.ndim == 1, ("a", "b"), f"two 1-d arrays of equal length "
            f"(got shapes {a.shape}, {b.shape})")
    if a_order is not None and np.all(np.diff(a[a_order]) > 0):
        order = a_order                      # strictly increasing a: no tie for b to break
    else:
        order = np.lexsort((b, a))           # by a, ties by b
    running_min = np.minimum.accumulate(b[order])
    previous = np.concatenate([[np.inf], running_min[:-1]])
    mask = np.zeros(a.size, dtype=bool)
    mask[order] = b[order] < previous        # strictly cheaper than every point with a <= this a
    return mask


def knee_point(reduction_pct, cost) -> int:
    """Index of the knee of a convex cost-vs-reduction front: the point farthest below the
    chord joining the front's ends, after scaling both axes to [0, 1]."""
    r = np.asarray(reduction_pct, dtype=float)
    k = np.asarray(cost, dtype=float)
    require(r.shape == k.shape and r.size >= 3, ("reduction_pct", "cost"),
            f">= 3 paired points (got {r.size} and {k.size})")
    rs = (r - r.min()) / (np.ptp(r) or 1.0)
    ks = (k - k.min()) / (np.ptp(k) or 1.0)
    i0, i1 = int(np.argmin(rs)), int(np.argmax(rs))
    chord = np.array([rs[i1] - rs[i0], ks[i1] - ks[i0]])
    # signed distance: positive when the point lies below (cheaper than) the chord
    distance = (chord[1] * (rs - rs[i0]) - chord[0] * (ks - ks[i0])) / (np.hypot(*chord) or 1.0)
    return int(np.argmax(distance))


def knee_row(front: pd.DataFrame) -> pd.Series | None:
    """The knee row of a frontier, or None when it has fewer than 3 points (no bend to find)."""
    if len(front) < 3:
        return None
    return front.iloc[knee_point(front["reduction_pct"], front["cost_cny"])]


def marginal_costs(front: pd.DataFrame, split_pct: float) -> dict[str, float] | None:
    """Average cost of one more percentage point of reduction below and above ``split_pct``
    (CNY per pp), from a front sorted by reduction: the 'disproportionate' test of Section 4.3.
    None when the front does not extend on both sides of ``split_pct``."""
    f = front.sort_values("reduction_pct")
    r, k = f["reduction_pct"].to_numpy(), f["cost_cny"].to_numpy()
    if not (r.size and r.min() < split_pct < r.max()):
        return None
    k_split = float(np.interp(split_pct, r, k))
    below = (k_split - k[0]) / (split_pct - r[0])
    above = (k[-1] - k_split) / (r[-1] - split_pct)
    return {"below_cny_per_pp": below, "above_cny_per_pp": above,
            "ratio": above / below if below > 0 else float("inf")}


def grid_designs(model: EccModel, levels: int) -> np.ndarray:
    """Full factorial grid of the design space: ``levels`` values of r, eta_m and u, cooling 0/1."""
    check_values("front_grid_levels", levels, 2, None)
    lower, upper = model.bounds()
    axes = [np.linspace(lower[k], upper[k], levels) for k in (0, 1, 3)]
    r, eta, u = (g.ravel() for g in np.meshgrid(*axes, indexing="ij"))
    n = r.size
    return np.vstack([np.column_stack([r, eta, np.full(n, c), u]) for c in (0.0, 1.0)])


def grid_front(model: EccModel, levels: int) -> pd.DataFrame:
    """The carbon-cost frontier of Figure 1 by exhaustive search over :func:`grid_designs`:
    feasible designs (g1: cost cap, g2: no efficiency loss) not dominated in (C, K), sorted by C.
    Deterministic, and a check on the NSGA-II frontier."""
    x = grid_designs(model, levels)
    carbon, cost = model.carbon_kg(x), model.cost_cny(x)
    return _front_of(model, x, carbon, cost)


def _front_of(model: EccModel, x: np.ndarray, carbon: np.ndarray, cost: np.ndarray,
              carbon_order: np.ndarray | None = None) -> pd.DataFrame:
    """Feasible, non-dominated rows of the evaluated designs ``x`` (``carbon_order``: optional
    ``argsort(carbon)``, shared by calls that differ only in cost)."""
    eta = model.system_efficiency(x)
    eta0 = float(model.system_efficiency(model.baseline_design())[0])
    feasible = (cost <= model.cost_cap_ratio * model.base_cost_cny) & (eta >= eta0 - 1e-12)
    order = None
    if carbon_order is not None:  # the feasible subset keeps the shared order, renumbered
        position = np.cumsum(feasible) - 1
        order = position[carbon_order[feasible[carbon_order]]]
    x, carbon, cost = x[feasible], carbon[feasible], cost[feasible]
    keep = pareto_mask_2d(carbon, cost, order)
    frame = pd.DataFrame(x[keep], columns=list(DESIGN_VARIABLES))
    frame["carbon_kg_co2e"] = carbon[keep]
    frame["reduction_pct"] = 100.0 * (1.0 - carbon[keep] / model.reference_carbon_kg)
    frame["cost_cny"] = cost[keep]
    frame["cost_increase_pct"] = 100.0 * (cost[keep] / model.base_cost_cny - 1.0)
    return frame.sort_values("carbon_kg_co2e").reset_index(drop=True)


def knee_sensitivity(model: EccModel, scales, *, levels: int,
                     coefficients=KNEE_COST_COEFFICIENTS) -> pd.DataFrame:
    """Knee of the grid frontier when one assumed cost coefficient at a time is multiplied by
    each of ``scales`` (> 0): how much of Figure 1's "~30 %" the cost assumptions decide.
    Rows: (coefficient, scale); columns: knee reduction (%) (NaN when the frontier has fewer than
    3 points) and the frontier's maximum (%)."""
    # the grid, its carbon and the design-dependent cost terms do not depend on the cost
    # coefficients: computed once, each scaled cost is a weighted sum (same arithmetic as K(x))
    x = grid_designs(model, levels)
    carbon, terms = model.carbon_kg(x), model.cost_terms(x)
    carbon_order = np.argsort(carbon, kind="stable")
    rows = []
    for name in coefficients:
        require(name in COST_COEFFICIENTS, ("coefficients",), f"cost coefficients among {COST_COEFFICIENTS} "
                f"(got unknown cost coefficient {name!r})")
        for scale in np.asarray(scales, dtype=float):
            check_values("scale", scale, 0.0, None, lo_inclusive=False)
            scaled = {name: getattr(model, name) * scale}
            front = _front_of(replace(model, **scaled), x, carbon, model.cost_from_terms(terms, **scaled),
                              carbon_order)
            knee = knee_row(front)
            rows.append({"coefficient": name, "scale": float(scale),
                         "knee_reduction_pct": float("nan") if knee is None else float(knee["reduction_pct"]),
                         "front_max_reduction_pct": float(front["reduction_pct"].max())})
    return pd.DataFrame(rows).set_index(["coefficient", "scale"])
