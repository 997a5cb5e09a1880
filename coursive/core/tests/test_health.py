import pytest
from django.db import connection
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_health_answers_ok_to_an_anonymous_visitor(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_answers_ok_to_a_logged_in_member(client, member_admin):
    client.force_login(member_admin)
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_health_refuses_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_health_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
