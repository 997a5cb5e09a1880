from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coursive.accounts.models import Role
from coursive.accounts.tests.factories import MembershipFactory
from coursive.procurement.models import ImportRun, ImportStatus, Notice
from coursive.procurement.tasks import import_run_execute

DECP_SAMPLE = Path(__file__).parent / "fixtures" / "decp_sample.json"

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def imports_url(cluster_slug="dijon"):
    return reverse("procurement:import_list", kwargs={"cluster_slug": cluster_slug})


def run_url(run, cluster_slug="dijon"):
    return reverse("procurement:import_run", kwargs={"cluster_slug": cluster_slug, "run_id": run.pk})


def upload(name="avis.json", content=b'{"marches": []}'):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def run(cluster, coordinator):
    return ImportRun.objects.create(
        cluster=cluster,
        uploaded_by=coordinator,
        file_name="decp.json",
        status=ImportStatus.DONE,
        records_seen=12,
        created=9,
        updated=1,
        unchanged=1,
        error_count=1,
        errors=[
            {"position": "decp.json enregistrement 4", "official_id": "2019-042", "reason": "objet manquant"}
        ],
    )


def test_the_coordinator_sees_the_upload_form_and_the_cluster_runs(client, coordinator, run):
    client.force_login(coordinator)

    response = client.get(imports_url())

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert run_url(run) in response.text


@pytest.mark.parametrize("actor", ["member_admin", "buyer"])
def test_other_roles_of_the_cluster_are_refused(client, request, actor):
    client.force_login(request.getfixturevalue(actor))

    assert client.get(imports_url()).status_code == 403
    assert client.post(imports_url(), {"file": upload()}).status_code == 403
    assert not ImportRun.objects.exists()


def test_someone_from_another_cluster_gets_not_found(client, stranger, run):
    client.force_login(stranger)

    assert client.get(imports_url()).status_code == 404
    assert client.get(run_url(run)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, cluster, run):
    for url in (imports_url(), run_url(run)):
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_a_coordinator_of_another_cluster_cannot_see_this_cluster_runs(client, other_cluster, run):
    other_coordinator = MembershipFactory(cluster=other_cluster, role=Role.COORDINATOR).user
    client.force_login(other_coordinator)

    assert client.get(run_url(run, cluster_slug="saint-etienne")).status_code == 404
    assert run_url(run) not in client.get(imports_url("saint-etienne")).text


def test_the_run_page_shows_counts_and_the_records_set_aside(client, coordinator, run):
    client.force_login(coordinator)

    response = client.get(run_url(run))

    assert response.status_code == 200
    assert "Terminé" in response.text
    assert "decp.json enregistrement 4" in response.text and "objet manquant" in response.text
    # A finished run is not polled any more.
    assert "hx-trigger" not in response.text


def test_a_running_run_is_polled_through_its_status_part(client, coordinator, run):
    run.status = ImportStatus.RUNNING
    run.save()
    client.force_login(coordinator)

    page = client.get(run_url(run))
    part = client.get(run_url(run), headers={"HX-Request": "true"})

    assert 'hx-trigger="every 2s"' in page.text and "<html" in page.text
    assert 'hx-trigger="every 2s"' in part.text and "<html" not in part.text
    assert 'id="run-status"' in part.text


def test_a_file_of_another_type_is_refused_with_an_error_on_its_field(client, coordinator):
    client.force_login(coordinator)

    response = client.post(imports_url(), {"file": upload("avis.csv", b"a,b\n")})

    assert response.status_code == 200
    assert "Seuls les fichiers .xml et .json sont acceptés." in response.text
    assert 'aria-describedby="id_file_helptext id_file_error"' in response.text
    assert not ImportRun.objects.exists()


def test_a_file_above_the_size_cap_is_refused(client, coordinator, monkeypatch):
    monkeypatch.setattr("coursive.procurement.forms.MAX_UPLOAD_BYTES", 10)
    client.force_login(coordinator)

    response = client.post(imports_url(), {"file": upload(content=b'{"marches": [1, 2, 3]}')})

    assert "50 Mo au plus" in response.text
    assert not ImportRun.objects.exists()


def test_an_uploaded_file_is_imported_by_the_background_task_and_its_counts_shown(
    client, coordinator, cluster, media_root, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(imports_url(), {"file": upload("decp_sample.json", DECP_SAMPLE.read_bytes())})

    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == run_url(run)
    assert (run.cluster, run.uploaded_by, run.file_name, run.status) == (
        cluster,
        coordinator,
        "decp_sample.json",
        "done",
    )
    assert Path(run.file.path).is_relative_to(media_root / "imports")
    assert run.records_seen == 24 and run.created == Notice.objects.count() > 0
    assert run.error_count == len(run.errors) == 24 - run.created
    page = client.get(response.url)
    assert "Terminé" in page.text and f"<dd>{run.created}</dd>" in page.text
    assert run.errors[0]["position"] in page.text


def test_a_run_already_done_is_not_run_again(client, coordinator, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(imports_url(), {"file": upload("decp_sample.json", DECP_SAMPLE.read_bytes())})
    run = ImportRun.objects.get()
    Notice.objects.all().delete()

    import_run_execute.enqueue(run_id=run.pk)

    assert not Notice.objects.exists()
    assert ImportRun.objects.get().created == run.created


def test_a_file_with_nothing_readable_ends_the_run_as_failed(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(imports_url(), {"file": upload("vide.json", b'{"autre": []}')})

    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    assert run.failure == "Aucun avis n'a pu être lu dans ce fichier."
    assert "fichier illisible" in run.errors[0]["reason"]


def test_an_unexpected_error_ends_the_run_as_failed(
    client, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    def crash(paths, *, run):
        raise RuntimeError("bug")

    monkeypatch.setattr("coursive.procurement.services.import_notices", crash)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(imports_url(), {"file": upload("decp_sample.json", DECP_SAMPLE.read_bytes())})

    run = ImportRun.objects.get()
    assert (run.status, run.failure) == (
        ImportStatus.FAILED,
        "L'import s'est arrêté sur une erreur inattendue.",
    )
    assert run.finished_at is not None
