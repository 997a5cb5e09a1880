app_name = "leases"
urlpatterns = []
