"""How robust is each verdict to our assumptions? (sample -> evaluate -> analyse, as in SALib)

A chapter's *assumed* inputs (parameters the paper does not print) carry a ``plausible: [low,
high]`` range in ``data/params/chNNN.yaml``. This module

1. **samples** them jointly (scrambled Sobol' sequence for Sobol' indices, or a Latin hypercube
   when the sample is small; both seeded), every other parameter at the paper's value;
   a ``list[float]`` parameter is scaled as a whole by one factor;
2. **evaluates** the chapter at every sample through the chapter API (``ch.evaluate``), in
   parallel with joblib; with a Dask scheduler address the same computation runs on a Dask
   distributed cluster through joblib's ``dask`` backend (identical results);
3. **analyses**, for each computed claim, the share of samples in which the paper's published
   claim holds (the registry's one rule, :func:`~ev_compendium.claims.published_holds`) and which
   assumptions decide it: Sobol' indices (SALib; total-order, which also credits interactions,
   as a yes/no claim needs) of the claim's value, or Spearman rank correlations when the sample
   is too small for Sobol'.

``python -m ev_compendium robustness ch004 --samples 1024`` writes
``robustness/ch004-samples.csv`` (one row per sample: its parameter values),
``robustness/ch004-outcomes.csv`` (tidy: sample, claim, value, holds),
``robustness/ch004-summary.csv`` (per claim: basis, share holding, deciding assumptions) and a
figure ``robustness/ch004-robustness.png``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .chapter import load_chapter
from .claims import load_claims, published_holds
from .params import ParameterSpec, load_parameter_specs
from .recorded import recorded_header, recorded_path, recorded_shares  # noqa: F401 (re-exported)
from .validate import ParameterError

#: below this many base samples (per set of D + 2 points), use a Latin hypercube and rank correlation
MIN_SOBOL_BASE = 8
#: presentation modules (a chapter's, and the shared tables): no computed value depends on them
DISPLAY_MODULES = ("display.py", "figures.py", "tables.py")


def assumed_parameters(chapter_id: str) -> dict[str, ParameterSpec]:
    """The chapter's parameters that carry a ``plausible`` range (our assumptions)."""
    return {n: s for n, s in load_parameter_specs(chapter_id).items() if s.plausible is not None}


def _problem(specs: Mapping[str, ParameterSpec]) -> dict[str, Any]:
    return {"num_vars": len(specs), "names": list(specs),
            "bounds": [list(s.plausible) for s in specs.values()]}


def sample(chapter_id: str, n: int, seed: int = 20261130) -> tuple[pd.DataFrame, str]:
    """``(samples, method)``: about ``n`` points of the assumed parameters' plausible box.

    With ``n >= MIN_SOBOL_BASE * (D + 2)`` a scrambled Sobol' design of ``B * (D + 2)`` points
    (``B`` the largest power of two that fits) for first-order Sobol' indices; otherwise a
    Latin hypercube of ``n`` points. Columns are parameter names; a list parameter's column
    holds its scale factor."""
    from SALib.sample import latin
    from SALib.sample import sobol as sobol_sample

    specs = assumed_parameters(chapter_id)
    if not specs:
        raise ParameterError(f"chapter {chapter_id!r} declares no assumed parameter with a "
                             "plausible range: nothing to sample")
    if n < 2:
        raise ParameterError(f"--samples {n}: need at least 2 samples")
    problem = _problem(specs)
    dims = len(specs)
    base = 2 ** int(math.log2(max(1, n // (dims + 2))))
    if base >= MIN_SOBOL_BASE:
        points = sobol_sample.sample(problem, base, calc_second_order=False, scramble=True, seed=seed)
        method = "sobol"
    else:
        points = latin.sample(problem, n, seed=seed)
        method = "latin"
    frame = pd.DataFrame(points, columns=problem["names"])
    for name, spec in specs.items():
        if spec.type == "int":
            frame[name] = frame[name].round().astype(int)
    frame.index.name = "sample"
    return frame, method


def overrides_for(chapter_id: str, row: Mapping[str, float]) -> dict[str, Any]:
    """The parameter overrides of one sample (list parameters scaled as a whole)."""
    specs = load_parameter_specs(chapter_id)
    overrides: dict[str, Any] = {}
    for name, value in row.items():
        spec = specs[name]
        if spec.type == "list[float]":
            overrides[name] = [float(v) * float(value) for v in spec.default]
        elif spec.type == "int":
            overrides[name] = int(value)
        else:
            overrides[name] = float(value)
    return overrides


def _evaluate_chunk(chapter_id: str, rows: Sequence[dict[str, float]]) -> list[dict[str, Any] | None]:
    """Evaluate one chunk of samples (runs in a worker process). A sample the chapter refuses
    (a joint constraint) gives ``None``: it is outside the admissible space."""
    ch = load_chapter(chapter_id)
    out: list[dict[str, Any] | None] = []
    for row in rows:
        try:
            P = ch.parameters(overrides_for(chapter_id, row))
        except ParameterError:
            out.append(None)
            continue
        out.append(ch.evaluate(P))
    return out


def evaluate(chapter_id: str, samples: pd.DataFrame, n_jobs: int = -1,
             scheduler: str | None = None, chunk_size: int = 32,
             progress: bool = False) -> list[dict[str, Any] | None]:
    """``ch.evaluate`` at every sample, in sample order (joblib locally, or Dask)."""
    from joblib import Parallel, delayed, parallel_config

    rows = samples.to_dict(orient="records")
    chunks = [rows[i:i + chunk_size] for i in range(0, len(rows), chunk_size)]
    tasks = (delayed(_evaluate_chunk)(chapter_id, chunk) for chunk in chunks)
    client = None
    if scheduler:
        from distributed import Client

        client = Client(scheduler)
        backend: dict[str, Any] = {"backend": "dask"}
    else:
        backend = {"backend": "loky", "n_jobs": n_jobs}
    try:
        with parallel_config(**backend):
            results = Parallel(return_as="generator")(tasks)
            if progress:
                from tqdm import tqdm

                results = tqdm(results, total=len(chunks), unit="chunk",
                               desc=f"{chapter_id}: {len(rows)} samples")
            values = [v for chunk in results for v in chunk]
    finally:
        if client is not None:
            client.close()
    return values


@dataclass
class RobustnessResult:
    """Samples, tidy outcomes and the per-claim summary of one analysis."""

    chapter: str
    method: str
    samples: pd.DataFrame
    outcomes: pd.DataFrame
    summary: pd.DataFrame


def analyse(chapter_id: str, samples: pd.DataFrame, method: str,
            values: Sequence[dict[str, Any] | None]) -> RobustnessResult:
    """Share of samples where each published claim holds, and the deciding assumptions."""
    registry = load_claims(chapter_id)
    claims = {cid: row for cid, row in zip(registry.index, registry.to_dict(orient="records"))}
    records = []
    for sample_id, result in zip(samples.index, values):
        if result is None:
            continue
        for claim_id, value in result.items():
            claim = claims[claim_id]
            records.append({"sample": sample_id, "claim": claim_id,
                            "value": float(value), "holds": published_holds(claim, value, claim_id)})
    outcomes = pd.DataFrame(records, columns=["sample", "claim", "value", "holds"])
    admissible = sum(v is not None for v in values)
    rows = []
    for claim_id, group in outcomes.groupby("claim", sort=False):
        claim = registry.loc[claim_id]
        drivers = _drivers(samples, group, method)
        label = "ST" if method == "sobol" else "|rho|"
        top = [f"{name} ({label} {score:.2f})" for name, score in drivers.items() if score >= 0.05][:3]
        rows.append({"claim": claim_id, "status": claim["status"], "basis": claim["basis"],
                     "share_holds": float(group["holds"].mean()),
                     "deciding_assumptions": ", ".join(top) or "none (insensitive)",
                     "admissible_samples": admissible})
    summary = pd.DataFrame(rows).set_index("claim") if rows else pd.DataFrame(
        columns=["status", "basis", "share_holds", "deciding_assumptions", "admissible_samples"])
    return RobustnessResult(chapter_id, method, samples, outcomes, summary)


def _drivers(samples: pd.DataFrame, group: pd.DataFrame, method: str) -> pd.Series:
    """Importance of each assumption for one claim's value, largest first, as text-ready
    scores: with a complete Sobol' design the total-order index ST (which, unlike the
    first-order S1, also credits an assumption that matters through interactions, as for a
    yes/no claim); else |Spearman rank correlation|."""
    y = group.set_index("sample")["value"]
    if y.nunique() <= 1:
        return pd.Series(0.0, index=samples.columns)
    if method == "sobol" and len(y) == len(samples):
        from SALib.analyze import sobol as sobol_analyze

        problem = {"num_vars": samples.shape[1], "names": list(samples.columns),
                   "bounds": [[float(samples[c].min()), float(samples[c].max())] for c in samples]}
        indices = sobol_analyze.analyze(problem, y.loc[samples.index].to_numpy(dtype=float),
                                        calc_second_order=False, seed=1)
        scores = pd.Series(np.clip(indices["ST"], 0.0, 1.0), index=samples.columns)
    else:
        joined = samples.loc[y.index].assign(_y=y)
        scores = joined.corr(method="spearman")["_y"].drop("_y").abs().fillna(0.0)
    return scores.sort_values(ascending=False)


def run(chapter_id: str, n: int, *, seed: int = 20261130, n_jobs: int = -1,
        scheduler: str | None = None, progress: bool = False) -> RobustnessResult:
    """Sample, evaluate and analyse ``chapter_id`` (see the module docstring)."""
    load_chapter(chapter_id)
    samples, method = sample(chapter_id, n, seed)
    values = evaluate(chapter_id, samples, n_jobs=n_jobs, scheduler=scheduler, progress=progress)
    return analyse(chapter_id, samples, method, values)


def write(result: RobustnessResult, folder: Path) -> list[Path]:
    """Write the samples, tidy outcomes, summary (CSV) and a figure; return the paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / result.chapter
    paths = [Path(f"{stem}-samples.csv"), Path(f"{stem}-outcomes.csv"),
             Path(f"{stem}-summary.csv"), Path(f"{stem}-robustness.png")]
    result.samples.to_csv(paths[0])
    result.outcomes.to_csv(paths[1], index=False)
    result.summary.to_csv(paths[2])
    shown = result.summary.sort_values("share_holds")
    fig, ax = plt.subplots(figsize=(8, 0.28 * len(shown) + 1.5))
    ax.barh(shown.index, 100 * shown["share_holds"], color="#2a9d8f")
    ax.set_xlim(0, 100)
    ax.set_xlabel("samples in which the published claim holds (%)")
    ax.set_title(f"{result.chapter}: robustness to our assumptions "
                 f"({len(result.samples)} samples, {result.method})")
    fig.tight_layout()
    fig.savefig(paths[3], dpi=200)
    plt.close(fig)
    return paths


# --- recorded results (shown in the book) -----------------------------------------------------

def inputs_hash(chapter_id: str) -> str:
    """A hash of everything a chapter's robustness depends on: the code ``ch.evaluate`` runs
    (the chapter subpackage but its display modules, the shared modules it imports, the
    chapter contract), this
    module, the chapter's parameter file and data folder, and the registry fields that decide
    whether a claim holds."""
    import hashlib

    from .build import _module_closure
    from .chapter import PACKAGES
    from .paths import data_dir

    files = _module_closure({f"ev_compendium.{PACKAGES[chapter_id]}", "ev_compendium.chapter"})
    files = {p for p in files if p.name not in DISPLAY_MODULES}  # they draw, they do not compute
    files |= {Path(__file__), data_dir() / "params" / f"{chapter_id}.yaml"}
    files |= {p for p in (data_dir() / chapter_id).rglob("*") if p.is_file()}
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    registry = load_claims(chapter_id)[["kind", "published", "tolerance", "status", "basis"]]
    digest.update(registry.to_csv().encode())
    return digest.hexdigest()[:16]


def record(result: RobustnessResult) -> Path:
    """Write the summary the book shows, headed by how it was made and from which inputs."""
    path = recorded_path(result.chapter)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (f"# robustness of {result.chapter}: {len(result.samples)} samples ({result.method}), "
              f"written by `python -m ev_compendium robustness {result.chapter} --record`\n"
              f"# inputs: {inputs_hash(result.chapter)}\n")
    path.write_text(header + result.summary.to_csv(), encoding="utf-8")
    return path
