"""The notice list: who may see it, the default order, search, each facet and its counts, htmx, pagination
and its query count."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coursive.procurement.importer import import_records
from coursive.procurement.models import Notice
from coursive.procurement.records import ContractType, Source

from .notice_records import awarded_contract, cancellation, contract_notice

pytestmark = pytest.mark.django_db


def notices_url(cluster, **params):
    url = reverse("procurement:notices", kwargs={"cluster_slug": cluster.slug})
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


def listed(response) -> list[str]:
    return [notice.official_id for notice in response.context["page"].object_list]


def in_days(days: int):
    return timezone.now() + timedelta(days=days)


@pytest.fixture
def notices():
    """An open call for graphic design, a closed call for works, a DECP contract and a cancelled call
    (with its cancellation notice)."""
    import_records(
        [
            contract_notice("open-call", deadline_at=in_days(10), published_on=date(2026, 11, 2)),
            contract_notice(
                "closed-works",
                source=Source.TED_EFORMS,
                title="Réfection de la toiture du théâtre",
                contract_type=ContractType.WORKS,
                procedure="open",
                cpv_main="45000000",
                cpv_additional=[],
                lots=[],
                departements=["75"],
                estimated_value=Decimal("500000"),
                reservations=[],
                social_clause=False,
                deadline_at=in_days(-10),
                published_on=date(2026, 9, 1),
            ),
            awarded_contract(1, published_on=date(2026, 10, 1)),
            contract_notice(
                "cancelled-call",
                reservations=[],
                social_clause=False,
                deadline_at=in_days(20),
                published_on=date(2026, 8, 1),
            ),
            cancellation("cancel-notice", refers_to_id="cancelled-call"),
        ],
        name="notices",
    )


def test_a_member_sees_open_calls_first_nearest_deadline_first_then_the_rest_newest_first(
    client, member_staff, cluster
):
    import_records(
        [
            contract_notice("later", deadline_at=in_days(20), published_on=date(2026, 11, 1)),
            contract_notice("sooner", deadline_at=in_days(5), published_on=date(2026, 10, 1)),
            contract_notice("closed", deadline_at=in_days(-3), published_on=date(2026, 11, 20)),
            awarded_contract(7, published_on=date(2026, 11, 25)),
        ],
        name="order",
    )
    client.force_login(member_staff)

    response = client.get(notices_url(cluster))

    assert response.status_code == 200
    assert listed(response) == ["sooner", "later", "21210231500019-2025-00007", "closed"]
    assert response.context["nav_section"] == "procurement"


def test_sorting_by_publication_lists_the_newest_first(client, member_staff, cluster):
    import_records(
        [
            contract_notice("sooner", deadline_at=in_days(5), published_on=date(2026, 10, 1)),
            contract_notice("closed", deadline_at=in_days(-3), published_on=date(2026, 11, 20)),
        ],
        name="order",
    )
    client.force_login(member_staff)

    response = client.get(notices_url(cluster, sort="recent"))

    assert listed(response) == ["closed", "sooner"]


def test_every_role_of_the_cluster_sees_the_list(client, buyer, resident, cluster, notices):
    for user in (buyer, resident):
        client.force_login(user)

        response = client.get(notices_url(cluster))

        assert response.status_code == 200
        assert response.context["page"].paginator.count == 5


def test_a_member_of_another_cluster_gets_a_404(client, stranger, cluster, notices):
    client.force_login(stranger)

    response = client.get(notices_url(cluster))

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, cluster):
    response = client.get(notices_url(cluster))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_main_navigation_leads_to_the_list_and_marks_it_current(client, member_staff, cluster):
    client.force_login(member_staff)

    content = client.get(notices_url(cluster)).content.decode()

    assert f'href="{notices_url(cluster)}" aria-current="page"' in content


def test_search_ignores_accents_case_and_word_endings(client, member_staff, cluster, notices):
    client.force_login(member_staff)

    response = client.get(notices_url(cluster, q="THEATRES toiture"))

    assert listed(response) == ["closed-works"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "call"}, {"open-call", "closed-works", "cancelled-call"}),
        ({"kind": "contract"}, {"21210231500019-2025-00001"}),
        ({"kind": "change"}, {"cancel-notice"}),
        ({"status": "open"}, {"open-call"}),
        ({"status": "closed"}, {"closed-works", "cancel-notice"}),
        ({"status": "cancelled"}, {"cancelled-call"}),
        ({"status": "awarded"}, {"21210231500019-2025-00001"}),
        ({"contract_type": "works"}, {"closed-works"}),
        ({"division": "45"}, {"closed-works"}),
        ({"departement": "75"}, {"closed-works"}),
        ({"procedure": "open"}, {"closed-works"}),
        ({"reserved": "ess"}, {"open-call"}),
        ({"reserved": "any"}, {"open-call"}),
        ({"social_clause": "on"}, {"open-call"}),
        ({"min_value": "216000"}, {"closed-works"}),
        ({"min_value": "40000"}, {"open-call", "closed-works", "cancelled-call"}),
        ({"source": "ted_eforms"}, {"closed-works"}),
        ({"kind": "call", "departement": "21", "status": "open"}, {"open-call"}),
    ],
)
def test_each_facet_keeps_the_notices_it_names(client, member_staff, cluster, notices, params, expected):
    client.force_login(member_staff)

    response = client.get(notices_url(cluster, **params))

    assert set(listed(response)) == expected


def test_a_value_of_an_awarded_contract_is_its_awarded_amount(client, member_staff, cluster):
    import_records(
        [awarded_contract(1), awarded_contract(2, awards=[]), awarded_contract(30000)], name="decp"
    )
    client.force_login(member_staff)

    response = client.get(notices_url(cluster, min_value="40000"))

    assert listed(response) == ["21210231500019-2025-30000"]
    assert "Montant attribué : 42\u202f000\u00a0€" in response.content.decode()


def test_facet_counts_leave_their_own_filter_out_and_apply_the_others(client, member_staff, cluster, notices):
    client.force_login(member_staff)

    response = client.get(notices_url(cluster, kind="call", departement="21"))

    fields = response.context["form"].fields
    assert ("contract", "Marchés attribués (DECP) (1)") in fields["kind"].choices
    assert ("call", "Appels à la concurrence (2)") in fields["kind"].choices
    assert ("open", "Ouvert (1)") in fields["status"].choices
    assert ("cancelled", "Annulé (1)") in fields["status"].choices
    assert ("75", "75 — Paris (1)") in fields["departement"].widget.choices
    assert (
        "79",
        "79 — Services aux entreprises: droit, marketing, conseil, recrutement, impression et sécurité (2)",
    ) in (fields["division"].widget.choices)
    assert "Avec clause sociale (1)" in response.content.decode()


def test_a_value_no_longer_offered_is_dropped_not_refused(client, member_staff, cluster, notices):
    client.force_login(member_staff)

    response = client.get(notices_url(cluster, departement="ZZ", division="7", kind="nothing"))

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 5


def test_a_list_row_says_when_dates_are_shifted_for_the_demonstration(client, member_staff, cluster, notices):
    Notice.objects.filter(official_id="open-call").update(demo_date_shift_days=1200)
    client.force_login(member_staff)

    content = client.get(notices_url(cluster, kind="call", status="open")).content.decode()

    assert "Démonstration : dates décalées" in content


def test_an_htmx_request_gets_the_results_and_the_facet_counts_out_of_band(
    client, member_staff, cluster, notices
):
    client.force_login(member_staff)

    response = client.get(notices_url(cluster, q="toiture"), headers={"HX-Request": "true"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Réfection de la toiture du théâtre" in content
    assert '<div id="facets" class="stack" hx-swap-oob="true">' in content
    assert "<html" not in content and 'name="q"' not in content
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(client, member_staff, cluster):
    client.force_login(member_staff)

    response = client.get(
        notices_url(cluster), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    content = response.content.decode()
    assert "<html" in content and "hx-swap-oob" not in content


def test_pages_hold_25_notices_and_page_links_keep_the_filters(client, member_staff, cluster):
    import_records([awarded_contract(number) for number in range(30)], name="decp")
    client.force_login(member_staff)

    response = client.get(notices_url(cluster, q="mediation", page=2))

    page = response.context["page"]
    assert (page.number, len(page.object_list), page.paginator.count) == (2, 5, 30)
    assert "?q=mediation&amp;page=1" in response.content.decode()


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("filters", ["", "q=culturelle&kind=call&departement=21&min_value=40000&status=open"])
def test_the_list_costs_the_same_queries_whatever_the_number_of_notices(
    client, member_staff, cluster, filters, django_assert_max_num_queries
):
    import_records(
        [contract_notice(f"call-{number}", deadline_at=in_days(9)) for number in range(3)], name="few"
    )
    client.force_login(member_staff)
    url = notices_url(cluster) + f"?{filters}"
    client.get(url)  # warms the caches a process fills once, such as the CPV labels
    few = queries_for(client, url)
    records = [contract_notice(f"more-{number}", deadline_at=in_days(number + 1)) for number in range(60)]
    import_records([*records, *(awarded_contract(number) for number in range(20))], name="many")

    many = queries_for(client, url)

    assert many == few
    with django_assert_max_num_queries(20):
        client.get(url + "&page=2")
