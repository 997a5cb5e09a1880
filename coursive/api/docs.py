from django.shortcuts import render
from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    """Swagger UI from the files django-ninja ships, served by the app itself: the content security policy
    allows no CDN, and django-ninja falls back on one unless it is an installed app."""

    def render_page(self, request, api, **kwargs):
        swagger_settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"api": api, "swagger_settings": swagger_settings}
        return render(request, "api/docs.html", context)
