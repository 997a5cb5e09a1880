app_name = "premises"
urlpatterns = []
