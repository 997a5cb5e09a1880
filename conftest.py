"""Stock actors for every test, after healthchecks' owner / teammate / outsider: each view test says who may
and who may not. `cluster` holds two organisations (`own_organisation`, `other_organisation`); `other_cluster`
is a second PTCE on the same instance whose records must never leak."""

import os
import shutil
import sqlite3

import pytest
from django.db import connection, connections

from coursive.accounts.models import Role
from coursive.accounts.services import api_token_create
from coursive.accounts.tests.factories import DEFAULT_PASSWORD, ClusterFactory, MembershipFactory
from coursive.directory.tests.factories import OrganisationFactory


@pytest.fixture
def cluster(db):
    return ClusterFactory(name="Pôle Coursive Dijon", slug="dijon")


@pytest.fixture
def other_cluster(db):
    return ClusterFactory(
        name="Pôle Furan Saint-Étienne", slug="saint-etienne", territory="Saint-Étienne Métropole"
    )


@pytest.fixture
def own_organisation(cluster):
    return OrganisationFactory(cluster=cluster, legal_name="Compagnie La Mouette")


@pytest.fixture
def other_organisation(cluster):
    return OrganisationFactory(
        cluster=cluster, legal_name="Studio Grand Angle", postcode="21240", commune="Talant"
    )


@pytest.fixture
def foreign_organisation(other_cluster):
    return OrganisationFactory(
        cluster=other_cluster, legal_name="Manufacture du Furan", postcode="42000", commune="Saint-Étienne"
    )


@pytest.fixture
def coordinator(cluster):
    return MembershipFactory(cluster=cluster, role=Role.COORDINATOR).user


@pytest.fixture
def member_admin(cluster, own_organisation):
    return MembershipFactory(cluster=cluster, role=Role.MEMBER_ADMIN, organisation=own_organisation).user


@pytest.fixture
def member_staff(cluster, own_organisation):
    return MembershipFactory(cluster=cluster, role=Role.MEMBER_STAFF, organisation=own_organisation).user


@pytest.fixture
def outsider_admin(cluster, other_organisation):
    """Member admin of another organisation of the same cluster."""
    return MembershipFactory(cluster=cluster, role=Role.MEMBER_ADMIN, organisation=other_organisation).user


@pytest.fixture
def buyer(cluster):
    return MembershipFactory(cluster=cluster, role=Role.BUYER).user


@pytest.fixture
def resident(cluster):
    return MembershipFactory(cluster=cluster, role=Role.RESIDENT).user


@pytest.fixture
def stranger(other_cluster, foreign_organisation):
    """Member admin in the other cluster: must see nothing of `cluster`."""
    return MembershipFactory(
        cluster=other_cluster, role=Role.MEMBER_ADMIN, organisation=foreign_organisation
    ).user


@pytest.fixture
def api_headers():
    """Headers carrying a fresh API token of the given user: `client.get(path, headers=api_headers(user))`."""

    def headers_for(user) -> dict[str, str]:
        _token, raw = api_token_create(user=user, name="tests")
        return {"Authorization": f"Bearer {raw}"}

    return headers_for


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded and generated files (documents, invoice PDFs, photos) go to the test's own folder, never to
    the instance's media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def threads_database(tmp_path, monkeypatch):
    """For concurrency tests with threads, in a `django_db(transaction=True)` test. On SQLite, the test
    database copied to a file the threads open with the project's settings (WAL, IMMEDIATE transactions, busy
    timeout): the in-memory one answers "table is locked" instead of queueing writers as a deployment does.
    Gives the file's path, or None on PostgreSQL, which needs nothing."""
    if connection.vendor != "sqlite":
        return None
    path = tmp_path / "threads.sqlite3"
    target = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(target)
    # Switched here, once: threads that each switch a fresh file to WAL at connect can get "database is
    # locked" without waiting, as the switch does not honour the busy timeout.
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    monkeypatch.setitem(connections.settings["default"], "NAME", str(path))
    return path


def pytest_sessionstart(session):
    """In CI the PostgreSQL run sets COURSIVE_REQUIRE_POSTGRES: running it on anything else is an error."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if os.environ.get("COURSIVE_REQUIRE_POSTGRES") and "postgresql" not in engine:
        raise pytest.UsageError(f"COURSIVE_REQUIRE_POSTGRES is set but the database engine is {engine}.")


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture
def chromium_path():
    """Debian's Chromium, driven by Playwright without downloading a browser. Missing: a visible skip on a
    laptop, a failure in CI (COURSIVE_REQUIRE_BROWSER)."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        message = "Chromium absent (apt-get install chromium): browser tests not run."
        if os.environ.get("COURSIVE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def browser_page(chromium_path, live_server, monkeypatch):
    """A Playwright page in headless Chromium, against the live test server. Browser tests are marked
    django_db(transaction=True, serialized_rollback=True): the live server needs committed data, and the
    reference lists loaded by data migrations (NAF, skills, CPV) must survive the flush between tests."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it are
    # still synchronous, so Django's async-safety guard must be told.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(locale="fr-FR", base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
        browser.close()


@pytest.fixture
def log_in(browser_page):
    """Signs the browser page in as a user made by the factories, leaving any session it held before:
    `log_in(member_admin)`."""

    def log_in_as(user) -> None:
        browser_page.context.clear_cookies()
        browser_page.goto("/compte/connexion/")
        browser_page.get_by_label("Adresse e-mail").fill(user.email)
        browser_page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
        browser_page.get_by_role("button", name="Se connecter").click()

    return log_in_as
