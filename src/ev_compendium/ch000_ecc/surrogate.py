"""The random-forest surrogate of Li (2026), Section 3.5, inside the optimisation loop, and the
"iterative feedback coupling" of Section 3.7: train the forest on designs evaluated with the
mechanistic model, optimise on the forest with NSGA-II, re-evaluate the proposed designs with the
mechanistic model, add them to the training set, repeat.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import qmc
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_absolute_error, r2_score

from .inputs import check_values
from .model import DESIGN_VARIABLES, EccModel
from .optimisation import round_cooling, run_nsga2


def sample_designs(model: EccModel, n: int, seed: int) -> np.ndarray:
    """``n`` Latin-hypercube designs over the design space (cooling rounded to 0/1)."""
    check_values("surrogate_samples", n, 2, None)
    lower, upper = model.bounds()
    unit = qmc.LatinHypercube(d=4, seed=seed).random(n)
    return round_cooling(qmc.scale(unit, lower, upper + 1e-12 * (upper == lower)))


def forest_predictor(forest: RandomForestRegressor):
    """``predict(x)`` equal, bit for bit, to ``forest.predict(x)`` for a whole population at once,
    without its per-call joblib dispatch (about 5 ms a call, 100 trees, one generation each).

    A multi-output forest's prediction is the mean of its trees' predictions, accumulated in
    tree order and divided by the number of trees; this does the same on the fitted trees'
    arrays (inputs as float32, as the trees store their thresholds)."""
    trees = [estimator.tree_ for estimator in forest.estimators_]
    n_outputs = forest.n_outputs_

    def predict(x: np.ndarray) -> np.ndarray:
        x32 = np.ascontiguousarray(x, dtype=np.float32)
        total = np.zeros((x32.shape[0], n_outputs), dtype=np.float64)
        for tree in trees:  # (n, n_outputs, 1) for several outputs, (n, 1) for one
            total += tree.predict(x32).reshape(x32.shape[0], n_outputs)
        total /= len(trees)
        return total if n_outputs > 1 else total[:, 0]

    return predict


def train_surrogate(designs: np.ndarray, model: EccModel, *, trees: int, test_fraction: float,
                    seed: int) -> tuple[RandomForestRegressor, pd.DataFrame]:
    """Fit a random forest (Section 3.5) predicting [C (kg CO2e), K (CNY)] from designs;
    return it with held-out R^2 (NaN with a single held-out design) and MAE per output."""
    check_values("surrogate_test_fraction", test_fraction, 0.0, 1.0, lo_inclusive=False, hi_inclusive=False)
    y = np.column_stack([model.carbon_kg(designs), model.cost_cny(designs)])
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(designs))
    n_test = max(1, int(round(test_fraction * len(designs))))
    test, train = order[:n_test], order[n_test:]
    forest = RandomForestRegressor(n_estimators=trees, random_state=seed, n_jobs=1)
    forest.fit(designs[train], y[train])
    predicted = forest.predict(designs[test])
    metrics = pd.DataFrame({
        "output": ["carbon C (kg CO2e/unit)", "cost K (CNY/unit)"],
        # R^2 compares errors with the held-out spread: undefined (NaN) for a single design
        "held-out R2": [r2_score(y[test, j], predicted[:, j]) if n_test >= 2 else float("nan")
                        for j in range(2)],
        "held-out MAE": [mean_absolute_error(y[test, j], predicted[:, j]) for j in range(2)],
        "train designs": len(train), "test designs": n_test,
    }).set_index("output")
    return forest, metrics


def surrogate_optimisation(model: EccModel, *, samples: int, trees: int, test_fraction: float,
                           rounds: int, population: int, generations: int, seed: int
                           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Closed loop (Sections 3.5 and 3.7): train the forest, optimise on it with NSGA-II,
    evaluate the front with the mechanistic model, add those designs to the training set and
    repeat ``rounds`` times. Returns the last front (exact and predicted C, K) and a per-round
    table of held-out accuracy and the front's prediction error."""
    check_values("surrogate_feedback_rounds", rounds, 1, None)
    designs = sample_designs(model, samples, seed)
    log = []
    front = pd.DataFrame()
    for k in range(rounds):
        forest, metrics = train_surrogate(designs, model, trees=trees, test_fraction=test_fraction, seed=seed + k)
        predict = forest_predictor(forest)  # one call per generation: the whole population at once
        front = run_nsga2(model, population=population, generations=generations, seed=seed + k,
                          evaluator=lambda x, f=predict: tuple(f(x).T), with_efficiency=False)
        log.append({
            "round": k + 1, "training designs": len(designs),
            "held-out R2 (C)": metrics.iloc[0]["held-out R2"],
            "held-out R2 (K)": metrics.iloc[1]["held-out R2"],
            "front MAE C (kg CO2e)": float(np.mean(np.abs(front["predicted_carbon_kg_co2e"] - front["carbon_kg_co2e"]))),
            "front MAE K (CNY)": float(np.mean(np.abs(front["predicted_cost_cny"] - front["cost_cny"]))),
        })
        designs = np.vstack([designs, front[list(DESIGN_VARIABLES)].to_numpy()])
    return front, pd.DataFrame(log).set_index("round")
