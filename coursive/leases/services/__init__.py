"""Writes of the leases app, one module per sub-domain: the rent grid, leases, index revisions, coworking and
rent calls. Each refuses bad input with a French message naming the field, before writing anything; each runs
in one transaction."""
