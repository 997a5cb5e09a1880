"""Office leases and coworking plans: the published rent grid, leases, index revisions and monthly rent calls."""
