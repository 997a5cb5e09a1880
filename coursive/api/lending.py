from ninja import Router

router = Router(tags=["Prêts de matériel"])
