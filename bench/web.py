"""Web benchmark: the directory, an organisation page and the API list under a bounded concurrent load.

Fills a throw-away SQLite database with 2,000 organisations, serves the app in production mode with
gunicorn on the loopback interface, then sends the same number of requests to each endpoint from a fixed
number of concurrent keep-alive clients. /healthz, which only runs `SELECT 1`, is measured in the same run
as the baseline: the ratios against it hold from one machine to another better than absolute figures.

Usage: .venv/bin/python bench/web.py [--organisations 2000] [--requests 2000] [--concurrency 8]
                                     [--workers 3] [--threads 2]
The last line printed is one JSON object (see docs/benchmarks.md).
"""

import argparse
import http.client
import itertools
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
CLUSTER_SLUG = "mesure"
# The goal from the issue: at the load that gives at least 200 requests/s, the directory's p95 stays under 50 ms.
GOAL_RPS, GOAL_P95_MS = 200, 50
ROUNDS = 10


def main() -> None:
    options = _arguments()
    if options.fill:
        print(json.dumps(fill(options.organisations)))
        return
    with tempfile.TemporaryDirectory(prefix="coursive-bench-") as directory:
        environment = _environment(Path(directory))
        print(f"Préparation d'une base de {options.organisations} structures dans {directory}…", flush=True)
        fixture = _prepare(environment, options.organisations)
        port = _free_port()
        server = _start_server(environment, port, Path(directory), _gunicorn_options(options))
        try:
            load_before = round(os.getloadavg()[0], 2)
            results = _measure_all(port, fixture, options)
        finally:
            server.terminate()
            server.wait(timeout=30)
    _report(results, options, load_before=load_before)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=2000, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    # One worker per core plus one keeps both cores busy while a worker waits on SQLite; threads let a
    # worker keep connections alive, which saves the client and the server a TCP handshake per request.
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def _environment(directory: Path) -> dict[str, str]:
    """Production settings on a database and static root of their own, so the bench touches nothing of
    the working copy. STATIC_ROOT is not read from the environment, hence the small settings module."""
    (directory / "bench_settings.py").write_text(
        f"from config.settings import *  # noqa: F403\nSTATIC_ROOT = {str(directory / 'static')!r}\n"
    )
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(directory), str(BASE_DIR)]),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "COURSIVE_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{directory / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(directory / "media"),
        "LOG_LEVEL": "WARNING",
    }


def _prepare(environment: dict[str, str], organisations: int) -> dict:
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + command, env=environment, cwd=BASE_DIR, check=True)
    filled = subprocess.run(
        [sys.executable, __file__, "--fill", "--organisations", str(organisations)],
        env=environment,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    if filled.returncode != 0:
        raise SystemExit(f"Le remplissage de la base a échoué :\n{filled.stderr}")
    return json.loads(filled.stdout.strip().splitlines()[-1])


def fill(count: int) -> dict:
    """Runs in its own process with the bench settings: the cluster, its organisations, one coordinator
    with a session and an API token. Returns what the clients need to authenticate."""
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.db import transaction

    from coursive.accounts.models import Cluster, Role
    from coursive.accounts.services import api_token_create, membership_grant, user_create

    with transaction.atomic():
        cluster = Cluster.objects.create(
            name="Pôle de mesure", slug=CLUSTER_SLUG, territory="Dijon Métropole", contact_email="m@x.example"
        )
        user = user_create(email="mesure@bench.example", full_name="Mesure", password=secrets.token_hex(16))
        membership_grant(cluster=cluster, user=user, role=Role.COORDINATOR)
        first_id = _fill_organisations(cluster, count)
        _token, raw_token = api_token_create(user=user, name="bench")
    return {"organisation_id": first_id, "session": _session_for(user), "token": raw_token}


def _fill_organisations(cluster, count: int) -> int:
    from coursive.directory.models import NafCode, Organisation, Person, Skill

    rng = random.Random(2026)
    naf_codes = list(NafCode.objects.filter(code__in=NAF_CODES))
    skills = list(Skill.objects.all())
    chosen = [rng.sample(skills, rng.randint(2, 4)) for _ in range(count)]
    organisations = [
        _organisation(cluster, number, rng, naf=rng.choice(naf_codes), skills=chosen[number])
        for number in range(count)
    ]
    Organisation.objects.bulk_create(organisations, batch_size=500)
    Link = Organisation.skills.through
    Link.objects.bulk_create(
        [
            Link(organisation=o, skill=s)
            for o, picked in zip(organisations, chosen, strict=True)
            for s in picked
        ],
        batch_size=1000,
    )
    Person.objects.bulk_create(
        Person(cluster=cluster, organisation=o, first_name="Camille", last_name=f"Martin {number}")
        for number, o in enumerate(organisations)
    )
    return organisations[0].pk


def _organisation(cluster, number: int, rng: random.Random, *, naf, skills):
    from coursive.core import geo
    from coursive.core.text import search_document
    from coursive.directory.demo import luhn_complete
    from coursive.directory.models import LegalForm, Organisation

    name = f"{rng.choice(KINDS)} {rng.choice(NAMES)} {number}"
    description = rng.choice(DESCRIPTIONS)
    postcode, commune = rng.choice(COMMUNES)
    departement = geo.departement_for_postcode(postcode)
    return Organisation(
        cluster=cluster,
        legal_name=name,
        siret=luhn_complete(luhn_complete(f"{10000000 + number:08d}") + "0001"),
        legal_form=rng.choice(LegalForm.values),
        naf=naf,
        street=f"{rng.randint(1, 80)} rue de la Liberté",
        postcode=postcode,
        commune=commune,
        departement=departement,
        region=geo.region_for_departement(departement),
        headcount_band="02",
        turnover_band="100k-250k",
        description=description,
        search_text=search_document(name, description, commune, naf.label, *(skill.name for skill in skills)),
    )


def _session_for(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _gunicorn_options(options) -> list[str]:
    threads = ["--worker-class", "gthread", "--threads", str(options.threads), "--keep-alive", "5"]
    return ["--workers", str(options.workers), *threads]


def _start_server(environment: dict, port: int, directory: Path, gunicorn: list[str]) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", *gunicorn]
    log = directory / "gunicorn.log"
    server = subprocess.Popen(
        [*command, "--log-level", "warning", "--error-logfile", str(log)], env=environment, cwd=BASE_DIR
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if _get(port, "/healthz", {})[0] == 200:
                print(f"gunicorn prêt sur 127.0.0.1:{port} ({' '.join(gunicorn)})", flush=True)
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn n'a pas démarré :\n{log.read_text()}")


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _endpoints(fixture: dict) -> dict[str, tuple[str, dict[str, str]]]:
    browser = {"Cookie": f"sessionid={fixture['session']}"}
    return {
        "health": ("/healthz", {}),
        "directory": (f"/p/{CLUSTER_SLUG}/", browser),
        "organisation": (f"/p/{CLUSTER_SLUG}/structures/{fixture['organisation_id']}/", browser),
        "api": (
            f"/api/clusters/{CLUSTER_SLUG}/organisations",
            {"Authorization": f"Bearer {fixture['token']}"},
        ),
    }


def _measure_all(port: int, fixture: dict, options) -> dict[str, dict]:
    """Measures the endpoints in turns of a tenth of the requests each, so a burst of other activity on
    the machine weighs on every endpoint alike instead of on whichever was being measured."""
    endpoints = _endpoints(fixture)
    for name, (path, headers) in endpoints.items():
        status, _body = _get(port, path, headers)
        if status != 200:
            raise SystemExit(f"{name} ({path}) répond {status} au lieu de 200 : rien à mesurer.")
        # Each worker compiles its templates and opens its database on first use: keep that out of the figures.
        _Load(port, path, headers).run(total=min(100, options.requests), concurrency=options.concurrency)
    loads = {name: _Load(port, path, headers) for name, (path, headers) in endpoints.items()}
    for _turn in range(ROUNDS):
        for load in loads.values():
            load.run(total=options.requests // ROUNDS, concurrency=options.concurrency)
    return {name: load.summary() for name, load in loads.items()}


class _Load:
    """Requests to one endpoint, accumulated over several runs."""

    def __init__(self, port: int, path: str, headers: dict[str, str]):
        self.port, self.path, self.headers = port, path, headers
        self.latencies: list[float] = []
        self.failures: list[int] = []
        self.elapsed = 0.0

    def run(self, *, total: int, concurrency: int) -> None:
        """`concurrency` clients, each on its own keep-alive connection, send requests back to back until
        `total` have been sent: a closed loop, so the load stops by itself."""
        tickets = itertools.count()
        threads = [threading.Thread(target=self._client, args=(tickets, total)) for _ in range(concurrency)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.elapsed += time.perf_counter() - started

    def _client(self, tickets, total: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while next(tickets) < total:
            started = time.perf_counter()
            try:
                status = _send(connection, self.path, self.headers)
            except (OSError, http.client.HTTPException):
                connection.close()
                status = 0
            self.latencies.append(time.perf_counter() - started)
            if status != 200:
                self.failures.append(status)
        connection.close()

    def summary(self) -> dict:
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return {
            "requests": len(self.latencies),
            "errors": len(self.failures),
            "rps": round(len(self.latencies) / self.elapsed, 1),
            "p50_ms": round(cuts[49] * 1000, 2),
            "p95_ms": round(cuts[94] * 1000, 2),
            "p99_ms": round(cuts[98] * 1000, 2),
        }


def _send(connection: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> int:
    # A server may close an idle keep-alive connection between two requests: reconnect once.
    for attempt in range(2):
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status
        except (http.client.RemoteDisconnected, ConnectionError):
            connection.close()
            if attempt:
                raise
    raise AssertionError("unreachable")


def _report(results: dict[str, dict], options, *, load_before: float) -> None:
    figures = {
        "organisations": options.organisations,
        "concurrency": options.concurrency,
        "requests_per_endpoint": options.requests,
        "cpus": os.cpu_count(),
        "server": "gunicorn " + " ".join(_gunicorn_options(options)),
        # Other programs running meanwhile skew every figure but the ratios less: the load says how much.
        "loadavg_1m_before": load_before,
    }
    for name, result in results.items():
        print(
            f"{name:13} {result['rps']:8.1f} req/s   p50 {result['p50_ms']:7.2f} ms   "
            f"p95 {result['p95_ms']:7.2f} ms   p99 {result['p99_ms']:7.2f} ms   erreurs {result['errors']}"
        )
        figures.update({f"{name}_{key}": value for key, value in result.items() if key != "requests"})
    for name in ("directory", "organisation", "api"):
        figures[f"{name}_vs_health_p95"] = round(results[name]["p95_ms"] / results["health"]["p95_ms"], 2)
        figures[f"{name}_vs_health_rps"] = round(results[name]["rps"] / results["health"]["rps"], 3)
    directory = results["directory"]
    figures["directory_goal_met"] = directory["rps"] >= GOAL_RPS and directory["p95_ms"] <= GOAL_P95_MS
    verdict = "atteint" if figures["directory_goal_met"] else "non atteint"
    print(f"Objectif annuaire (≥ {GOAL_RPS} req/s avec p95 ≤ {GOAL_P95_MS} ms) : {verdict}")
    if any(result["errors"] for result in results.values()):
        print("Attention : des réponses n'étaient pas 200, les chiffres ne valent rien.")
    print(json.dumps(figures))


NAF_CODES = [
    "90.01Z",
    "90.02Z",
    "59.11B",
    "59.20Z",
    "58.11Z",
    "74.10Z",
    "74.20Z",
    "62.01Z",
    "77.39Z",
    "85.52Z",
]
COMMUNES = [
    ("21000", "Dijon"),
    ("21300", "Chenôve"),
    ("21240", "Talant"),
    ("21800", "Quetigny"),
    ("21121", "Fontaine-lès-Dijon"),
    ("21600", "Longvic"),
]
KINDS = ["Compagnie", "Atelier", "Studio", "Collectif", "Éditions", "Agence", "Coopérative", "Association"]
NAMES = ["du Lavoir", "de la Chouette", "Grand Angle", "Contre-Forme", "du Bief", "des Tanneries", "Octave"]
DESCRIPTIONS = [
    "Compagnie de théâtre contemporain qui crée et tourne en région, avec des ateliers dans les collèges.",
    "Studio de design graphique : identités visuelles, affiches et signalétique pour la culture.",
    "Coopérative de production audiovisuelle : films institutionnels, captations et documentaires.",
    "Studio d'enregistrement et de mixage pour groupes, podcasts et compagnies de spectacle vivant.",
    "Agence web coopérative : sites accessibles et sobres pour les associations et les lieux culturels.",
    "Loueur de matériel son et lumière pour le spectacle et l'événementiel, avec régisseurs.",
]

if __name__ == "__main__":
    main()
