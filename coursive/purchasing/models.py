"""Responsible group purchasing: campaigns, suppliers' tiered offers, members' needs and the allocation."""
