from ninja import Router

router = Router(tags=["Achats groupés"])
