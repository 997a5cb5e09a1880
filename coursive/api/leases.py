from ninja import Router

router = Router(tags=["Baux et coworking"])
