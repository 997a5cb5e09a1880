def current_cluster(request):
    """The cluster and role of the page being shown, set by the cluster access helper, for the navigation."""
    return {"current_membership": getattr(request, "membership", None)}
