"""The matching engine: which members should answer which notice (or lot), and why.

Every (notice, organisation) pair gets a score out of 100, the sum of five components:

| component   | points | what it measures                                                                    |
|-------------|--------|-------------------------------------------------------------------------------------|
| cpv         | 40     | proximity in the CPV tree between the notice's codes and the profile's              |
| text        | 30     | TF-IDF cosine between the notice's text and the profile's, over French stems        |
| geography   | 15     | place of performance against the intervention zone                                  |
| capacity    | 10     | turnover against the lawful minimum asked, or against the estimated value           |
| reservation | 5      | a reserved contract (L2113-12/13/15) the organisation may bid for: less competition |

Each component's points are rounded to whole points and the total is their sum, so the French reasons, one
per component, add up to the score shown. A pair is *not eligible* when the contract is reserved to
enterprises the organisation is not, when its turnover is below a lawful minimum, or when the deadline has
passed; such pairs are never put forward, whatever their score.

Modules: `profiles` (what callers give and get), `scoring` (the components), `candidates` (which pairs are
worth scoring), `reasons` (the French explanations), `engine` (the rankings both ways). Pure Python, no
Django: a selector feeds it plain profiles.
"""

from .engine import MatchingEngine
from .profiles import Component, Match, NoticeProfile, OrganisationProfile
from .reasons import MESSAGES
from .scoring import DEFAULT_THRESHOLD, WEIGHTS

__all__ = [
    "DEFAULT_THRESHOLD",
    "MESSAGES",
    "WEIGHTS",
    "Component",
    "Match",
    "MatchingEngine",
    "NoticeProfile",
    "OrganisationProfile",
]
