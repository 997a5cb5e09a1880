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
        "/api/clusters/{slug}/organisations/{organisation_id}/documents",
        "/api/clusters/{slug}/notices",
        "/api/clusters/{slug}/notices/{notice_id}",
        "/api/clusters/{slug}/notices/{notice_id}/matches",
        "/api/clusters/{slug}/organisations/{organisation_id}/matches",
        "/api/clusters/{slug}/notices/{notice_id}/consortia",
        "/api/clusters/{slug}/responses",
        "/api/clusters/{slug}/responses-invitable-organisations",
        "/api/clusters/{slug}/responses/{response_id}",
        "/api/clusters/{slug}/responses/{response_id}/form",
        "/api/clusters/{slug}/responses/{response_id}/dc1",
        "/api/clusters/{slug}/responses/{response_id}/participants/{participant_id}/dc2",
        "/api/clusters/{slug}/responses/{response_id}/subcontractors",
        "/api/clusters/{slug}/responses/{response_id}/subcontractors/{subcontractor_id}",
        "/api/clusters/{slug}/responses/{response_id}/subcontractors/{subcontractor_id}/dc4",
        "/api/clusters/{slug}/responses/{response_id}/participants",
        "/api/clusters/{slug}/responses/{response_id}/participants/{participant_id}/answer",
        "/api/clusters/{slug}/responses/{response_id}/status",
        "/api/clusters/{slug}/resources",
        "/api/clusters/{slug}/resources/{resource_id}",
        "/api/clusters/{slug}/availability",
        "/api/clusters/{slug}/calendar",
        "/api/clusters/{slug}/bookings",
        "/api/clusters/{slug}/booking-series",
        "/api/clusters/{slug}/bookings/{booking_id}/cancel",
        "/api/clusters/{slug}/bookings/{booking_id}/decision",
        "/api/clusters/{slug}/loans",
        "/api/clusters/{slug}/loans/{loan_id}",
        "/api/clusters/{slug}/loans/{loan_id}/check-in",
        "/api/clusters/{slug}/leases",
        "/api/clusters/{slug}/leases/{lease_id}",
        "/api/clusters/{slug}/leases/{lease_id}/revisions",
        "/api/clusters/{slug}/rent-grids",
        "/api/clusters/{slug}/rent-calls",
        "/api/clusters/{slug}/rent-calls/generate",
        "/api/clusters/{slug}/invoices",
        "/api/clusters/{slug}/invoices/{invoice_id}",
        "/api/clusters/{slug}/invoices/{invoice_id}/payments",
        "/api/clusters/{slug}/invoices/{invoice_id}/pdf",
        "/api/clusters/{slug}/campaigns",
        "/api/clusters/{slug}/campaigns/{campaign_id}",
        "/api/clusters/{slug}/campaigns/{campaign_id}/need",
        "/api/clusters/{slug}/campaigns/{campaign_id}/needs",
    }
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "CsrfSessionAuth"}
    assert {tag["name"] for tag in schema["tags"]} == {
        "Compte",
        "Pôles",
        "Structures",
        "Personnes",
        "Marchés publics",
        "Réponses groupées",
        "Lieux et matériel",
        "Prêts de matériel",
        "Baux et coworking",
        "Facturation",
        "Achats groupés",
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


def test_every_api_schema_has_its_own_name():
    """The OpenAPI components are keyed by class name: two schemas with one name would document one as the
    other (as `ShareOut` once did)."""
    from ninja import Schema

    import coursive.api.api  # noqa: F401  (loads every router and its schemas)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    by_name = {}
    for schema in subclasses(Schema):
        if schema.__module__.startswith("coursive."):
            by_name.setdefault(schema.__name__, set()).add(schema.__module__)
    assert {name: modules for name, modules in by_name.items() if len(modules) > 1} == {}
