"""ch002 claims: which computed value each registry row is judged on.

The only module of the chapter that writes claim ids (each a full literal, so that
``grep <claim id>`` lands here). Every value comes from :func:`ev_compendium.ch002_circularity.compute`;
nothing is computed here. Sections refer to Rahnama, Johansen & Öhrwall Rönnbäck (2023).
"""

from __future__ import annotations

from ..params import ParameterSet
from . import Results


def claim_values(P: ParameterSet, results: Results) -> dict[str, float | bool]:
    """``{claim id: value}`` for every registry row whose status is reproduced or discrepancy."""
    said = results.statements
    return {
        # Section 2.1: the "5R" strategies, counted in the sentence that names them
        "ch002.s2_1.five_r_strategies": float(results.five_r_count),
        # Figure 1: is every cell printed?
        "ch002.fig1.every_cell_printed": results.every_cell_printed,
        # Section 4.1, impact on circularity
        "ch002.s4_1.collection_recycling_most_important": said["collection_recycling_most_important"],
        "ch002.s4_1.most_important_stage_count": float(results.top_impact_stage_count),
        "ch002.s4_1.design_critical": said["design_critical"],
        "ch002.s4_1.reuse_important": said["reuse_important"],
        "ch002.s4_1.collection_recycling_hard_practice": said["collection_recycling_hard_practice"],
        # Section 4.2, carbon footprint
        "ch002.s4_2.extraction_processing_production_most_carbon":
            said["extraction_processing_production_most_carbon"],
        "ch002.s4_2.recycling_below_production_carbon": said["recycling_below_production_carbon"],
        # Section 4.3, technological maturity
        "ch002.s4_3.design_production_most_mature": said["design_production_most_mature"],
        "ch002.s4_3.use_notably_mature": said["use_notably_mature"],
        "ch002.s4_3.processing_reuse_above_least_mature": said["processing_reuse_above_least_mature"],
        "ch002.s4_3.processing_reuse_lag_mature_stages": said["processing_reuse_lag_mature_stages"],
        "ch002.s4_3.least_mature_stages": said["least_mature_stages"],
        # Section 4.4, Figure 2 and digitalisation
        "ch002.s4_4.design_production_greatest_impact": said["design_production_greatest_impact"],
        "ch002.s4_4.design_production_lowest_digital_difficulty":
            said["design_production_lowest_digital_difficulty"],
        "ch002.s4_4.production_carbon_pivotal": said["production_carbon_pivotal"],
        "ch002.s4_4.reuse_collection_recycling_next_level": said["reuse_collection_recycling_next_level"],
        "ch002.s4_4.reuse_collection_recycling_low_maturity": said["reuse_collection_recycling_low_maturity"],
        "ch002.s4_4.least_influence_stages": said["least_influence_stages"],
        "ch002.s4_4.processing_fewer_digital_challenges": said["processing_fewer_digital_challenges"],
        "ch002.s4_4.processing_high_carbon": said["processing_high_carbon"],
        # Conclusion (our prioritisation rule)
        "ch002.conclusion.design_production_most_promise": said["design_production_most_promise"],
    }
