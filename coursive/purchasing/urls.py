app_name = "purchasing"
urlpatterns = []
