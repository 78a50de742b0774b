"""Robustness of verdicts to our assumptions: sampling, evaluation (local and Dask), analysis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ev_compendium import robustness
from ev_compendium.claims import load_claims
from ev_compendium.params import load_parameter_specs

CHAPTER = "ch001"  # assumed inputs with plausible ranges; a cheap chapter to evaluate


def test_samples_stay_in_the_plausible_box_and_are_seeded():
    specs = robustness.assumed_parameters(CHAPTER)
    assert specs and all(s.plausible for s in specs.values())
    samples, method = robustness.sample(CHAPTER, 12, seed=7)
    again, _ = robustness.sample(CHAPTER, 12, seed=7)
    other, _ = robustness.sample(CHAPTER, 12, seed=8)
    assert method == "latin" and len(samples) == 12
    pd.testing.assert_frame_equal(samples, again)
    assert not samples.equals(other)
    for name, spec in specs.items():
        lo, hi = spec.plausible
        assert samples[name].between(lo, hi).all(), name
    # a large sample switches to a Sobol' design of B * (D + 2) points, B a power of two
    big, method = robustness.sample(CHAPTER, 64 * (len(specs) + 2), seed=7)
    assert method == "sobol" and len(big) == 64 * (len(specs) + 2)


def test_list_parameters_are_scaled_as_a_whole():
    specs = load_parameter_specs(CHAPTER)
    listed = [n for n, s in robustness.assumed_parameters(CHAPTER).items() if s.type == "list[float]"]
    if not listed:
        pytest.skip("no list parameter with a plausible range in this chapter")
    name = listed[0]
    overrides = robustness.overrides_for(CHAPTER, {name: 1.1})
    assert np.allclose(overrides[name], [1.1 * v for v in specs[name].default])


def test_share_of_samples_where_the_claim_holds_is_counted_by_the_registry_rule():
    samples, method = robustness.sample(CHAPTER, 6, seed=3)
    values = robustness.evaluate(CHAPTER, samples, n_jobs=1)
    result = robustness.analyse(CHAPTER, samples, method, values)
    registry = load_claims(CHAPTER)
    for claim_id, row in result.summary.iterrows():
        outcomes = [v[claim_id] for v in values if v is not None]
        published = registry.loc[claim_id, "published"] == "true"
        if registry.loc[claim_id, "kind"] == "qualitative":
            expected = np.mean([bool(o) == published for o in outcomes])
            assert row["share_holds"] == pytest.approx(expected)
    assert set(result.outcomes.columns) == {"sample", "claim", "value", "holds"}
    assert len(result.outcomes) == len(samples) * len(result.summary)


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    # one worker process is enough to send the chunks through Dask's scheduler and serialisation
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    yield cluster
    cluster.close()


def test_dask_cluster_gives_the_same_results_as_the_local_run(dask_cluster):
    samples, method = robustness.sample(CHAPTER, 8, seed=11)
    local = robustness.evaluate(CHAPTER, samples, n_jobs=2, chunk_size=3)
    remote = robustness.evaluate(CHAPTER, samples, scheduler=dask_cluster.scheduler_address, chunk_size=3)
    assert remote == local
    a = robustness.analyse(CHAPTER, samples, method, local).summary
    b = robustness.analyse(CHAPTER, samples, method, remote).summary
    pd.testing.assert_frame_equal(a, b)


def test_recorded_summaries_are_current():
    """A recorded robustness summary (shown in the book) must come from the current code,
    parameters and registry: re-record with `python -m ev_compendium robustness chNNN --record`."""
    for chapter_id in ("ch000", "ch001", "ch002", "ch003", "ch004"):
        header = robustness.recorded_header(chapter_id)
        if not robustness.assumed_parameters(chapter_id):
            assert not header, f"{chapter_id} has no assumed parameters but a recorded summary"
            continue
        assert header, f"{chapter_id} has assumed parameters but no recorded robustness summary"
        assert header.get("inputs") == robustness.inputs_hash(chapter_id), (
            f"data/robustness/{chapter_id}.csv is stale: re-run "
            f"`python -m ev_compendium robustness {chapter_id} --samples 1024 --record`")
