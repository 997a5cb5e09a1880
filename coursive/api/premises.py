from ninja import Router

router = Router(tags=["Lieux et matériel"])
