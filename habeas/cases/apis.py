from ninja import Router

router = Router(tags=["cases"])

people_router = Router(tags=["people"])
