from ninja import NinjaAPI

api = NinjaAPI(title="Coursive API", version="1", urls_namespace="api")
