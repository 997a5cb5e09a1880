import re

from django.contrib.staticfiles import finders


def test_openapi_schema_describes_every_endpoint_without_login(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {
        "/api/me",
        "/api/clusters",
        "/api/clusters/{slug}/organisations",
        "/api/clusters/{slug}/organisations/{organisation_id}",
        "/api/clusters/{slug}/organisations/{organisation_id}/people",
        "/api/clusters/{slug}/people/{person_id}",
        "/api/clusters/{slug}/notices",
        "/api/clusters/{slug}/notices/{notice_id}",
        "/api/clusters/{slug}/notices/{notice_id}/matches",
        "/api/clusters/{slug}/organisations/{organisation_id}/matches",
    }
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "CsrfSessionAuth"}
    assert {tag["name"] for tag in schema["tags"]} == {
        "Compte",
        "Pôles",
        "Structures",
        "Personnes",
        "Marchés publics",
    }


def test_docs_page_loads_nothing_from_another_host(client):
    # The content security policy allows no CDN and no inline script.
    response = client.get("/api/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in assets
    assert "/static/ninja/swagger-ui.css" in assets
    assert not [asset for asset in assets if not asset.startswith("/")]
    assert "<script>" not in html


def test_docs_assets_are_served_by_the_app():
    for asset in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css", "favicon.svg"):
        assert finders.find(f"ninja/{asset}"), f'ninja/{asset} not found: "ninja" must be in INSTALLED_APPS'
