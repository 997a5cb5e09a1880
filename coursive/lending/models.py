"""Equipment lending between members: check-out and check-in, condition notes, late returns, damage reports and maintenance."""
