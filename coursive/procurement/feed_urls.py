"""Public addresses of the watch feeds, outside any cluster's pages: the token in them is the only key.
Mounted at /marches/flux/ by config/urls.py."""

from django.urls import path

from . import feeds

app_name = "feeds"
urlpatterns = [
    # Tokens are URL-safe base64, which the slug converter matches exactly.
    path("<slug:token>.atom", feeds.alerts_atom, name="atom"),
    path("<slug:token>.ics", feeds.deadlines_ical, name="ical"),
]
