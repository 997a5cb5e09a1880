"""Each organisation's administrative documents (Kbis, URSSAF, tax, insurance…) with their expiry dates."""
