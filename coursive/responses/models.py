"""Joint responses to public tenders: the groupement, its members, lots, shares, checklist and outcome."""
