"""The consortium builder: which members of a cluster should answer a notice together, and why.

For a notice, it proposes groupements momentanés d'entreprises in which every lot (or, for a notice without
lots, every distinct CPV area) is performed by a member able to do it, the members' cumulated turnover
meets the lawful minimum (capacities of a group are assessed together, R2142-25, and no more than twice the
estimated value may be asked, R2142-7), the certifications and references asked are held by some member,
the group stays within a maximum size and the buyer's cap on lots per bidder. Fewer members are preferred,
then higher match scores; a mandataire is designated. Ability comes from the matching engine's scores.

Modules: `problem` (what callers give and get), `requirements` (units and conditions from a notice's plain
data), `scoring` (the objective and the proposal a solution makes), `solver` (the exact method, HiGHS
through scipy), `complete` (its two-stage models of complete groupements), `kinds` (set covers over what
candidates cover: bounds, and candidates no groupement of a cost can hold), `reduction` (dominated
candidates left out), `greedy` (the baseline), `explain` (the French explanations), `abilities` (from the
matching engine's scores). Pure Python, no Django.
"""

from .abilities import abilities, ability_points
from .explain import MESSAGES, explain, missing
from .greedy import greedy
from .problem import Candidate, Condition, Instance, Proposal, Unit
from .requirements import (
    area_units,
    certification_conditions,
    lawful_minimum,
    lot_turnover_minimums,
    lot_units,
    references_condition,
)
from .scoring import Weights, build_proposal
from .solver import solve

__all__ = [
    "MESSAGES",
    "Candidate",
    "Condition",
    "Instance",
    "Proposal",
    "Unit",
    "Weights",
    "abilities",
    "ability_points",
    "area_units",
    "build_proposal",
    "certification_conditions",
    "explain",
    "greedy",
    "lawful_minimum",
    "lot_turnover_minimums",
    "lot_units",
    "missing",
    "references_condition",
    "solve",
]
