from ninja import Router

router = Router(tags=["Réponses groupées"])
