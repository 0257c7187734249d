"""The production profile (scripts/production.sh: nginx, two web servers, two
Rasa instances, two action servers, the desk, retention, PostgreSQL, Redis) for
tests, started once per test session on free ports.

Starting it takes minutes (two Rasa instances load the model on two cores), so
every test that needs it shares one start: the tests that use the `production`
fixture run one after another (the last non-browser tests, then the first
browser tests), and the profile stops right after the last of them.

A pytest plugin, loaded by tests/conftest.py (pytest_plugins).
"""
from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT, free_port, rasa_env
from handoff_desk_client import PASSWORD

FIXTURE = "production"


@dataclass
class Profile:
    port: int
    rasa_ports: list[int]
    web_ports: list[int]
    desk_port: int
    api_port: int
    pg_port: int
    redis_port: int
    prod_dir: Path
    tls_port: int = 0
    env: dict[str, str] = field(default_factory=dict, repr=False)
    token: str = ""
    # The REST channel is off in production without it: send `rest_headers` with REST calls.
    rest_token: str = ""
    start_seconds: float = 0.0
    running: bool = False
    _saved_ca_env: dict = field(default_factory=dict, repr=False)

    @property
    def url(self) -> str:
        """nginx over plain HTTP: what people use (pages, widget). Not the desk."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def https_url(self) -> str:
        """nginx over HTTPS (self-signed certificate `tls_certificate`): pages, widget and the desk."""
        return f"https://127.0.0.1:{self.tls_port}"

    @property
    def desk_public_url(self) -> str:
        """Where advisors open the desk: through nginx, over HTTPS only (`https_url` + /desk/)."""
        return f"{self.https_url}/desk/"

    @property
    def tls_certificate(self) -> Path:
        """The profile's self-signed certificate: verify=profile.tls_certificate."""
        return self.prod_dir / "tls" / "cert.pem"

    @property
    def rest_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.rest_token}"}

    def secret(self, name: str) -> str:
        """A secret the profile made (ACTION_SERVER_TOKEN, HANDOFF_API_TOKEN, ...)."""
        return (self.prod_dir / "secrets" / name).read_text().strip()

    def trust_certificate(self) -> None:
        """This test process trusts the profile's certificate (requests, aiohttp), as an
        office trusts a real one: the system's certificates plus this one."""
        bundle = self.prod_dir / "tls" / "trusted.pem"
        system = Path(os.environ.get("SSL_CERT_FILE") or "/etc/ssl/certs/ca-certificates.crt")
        bundle.write_text((system.read_text() if system.exists() else "") + "\n" + self.tls_certificate.read_text())
        for name in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"):
            self._saved_ca_env[name] = os.environ.get(name)
            os.environ[name] = str(bundle)

    def _distrust_certificate(self) -> None:
        for name, value in self._saved_ca_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_ca_env.clear()

    @property
    def api_url(self) -> str:
        """nginx's internal listener for Rasa's HTTP API (the desk's RASA_URL)."""
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def desk_url(self) -> str:
        """The desk process itself, behind nginx."""
        return f"http://127.0.0.1:{self.desk_port}"

    def instance_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.rasa_ports[index]}"

    def script(self, *args: str, timeout: float = 120, input: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "scripts/production.sh", *args], cwd=ROOT, env=self.env, timeout=timeout,
                              capture_output=True, text=True, input=input)

    def sql(self, query: str, *params, database: str = "wegwijzer") -> list[tuple]:
        import psycopg2

        password = (self.prod_dir / "pg-password").read_text().strip()
        with psycopg2.connect(host="127.0.0.1", port=self.pg_port, user="wegwijzer",
                              password=password, dbname=database) as connection:
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall() if cursor.description else []

    def add_advisor(self, username: str, name: str, role: str = "adviseur") -> None:
        """As an administrator does on the server: no terminal, password on stdin."""
        result = self.script("desk", "add-advisor", username, "--name", name, "--role", role, "--password-stdin",
                             input=PASSWORD + "\n", timeout=60)
        assert result.returncode == 0 or "bestaat al" in result.stderr, result.stdout + result.stderr

    def logs(self, tail: int = 1500) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-tail:]}"
                         for p in sorted((self.prod_dir / "logs").glob("*.log")))

    def stop(self) -> None:
        """Idempotent: called after the last test that needs it, and at session end."""
        if not self.running:
            return
        self.running = False
        self._distrust_certificate()
        self.script("stop", timeout=120)
        shutil.rmtree(self.prod_dir, ignore_errors=True)


def start_profile(model: str) -> Profile:
    # Not under pytest's tmp_path: as root, PostgreSQL runs as `postgres`, which
    # must be able to reach its data folder.
    prod_dir = Path(tempfile.mkdtemp(prefix="wegwijzer-production-"))
    prod_dir.chmod(0o755)
    profile = Profile(port=free_port(), rasa_ports=[free_port(), free_port()], web_ports=[free_port(), free_port()],
                      desk_port=free_port(), api_port=free_port(), pg_port=free_port(), redis_port=free_port(),
                      prod_dir=prod_dir, tls_port=free_port(),
                      token=secrets.token_urlsafe(32), rest_token=secrets.token_urlsafe(32))
    profile.env = {
        **rasa_env(), "PROD_DIR": str(prod_dir), "PROD_PORT": str(profile.port), "PROD_TLS_PORT": str(profile.tls_port),
        "PROD_RASA_PORTS": " ".join(map(str, profile.rasa_ports)),
        "PROD_WEB_PORTS": " ".join(map(str, profile.web_ports)), "PROD_DESK_PORT": str(profile.desk_port),
        "PROD_API_PROXY_PORT": str(profile.api_port),
        "PROD_ACTION_PORTS": f"{free_port()} {free_port()}", "PROD_ACTION_PROXY_PORT": str(free_port()),
        "PROD_PG_PORT": str(profile.pg_port), "PROD_REDIS_PORT": str(profile.redis_port),
        "PROD_MODEL": model, "RASA_AUTH_TOKEN": profile.token, "REST_TOKEN": profile.rest_token,
        # The desk is open at any hour in tests.
        "HANDOFF_OFFICE_HOURS": "24/7",
        # Retention runs every 15 s (not hourly), so a test sees it delete an old conversation.
        "RETENTION_CHECK_MINUTES": "0.25",
        # The tests' many people all talk from 127.0.0.1: the channel's limit per address is
        # lifted (nginx's limit_req stays; tests/test_attacks.py checks both).
        "RATE_LIMIT_IP_MESSAGES": "1000000",
    }
    for name in ("PROD_PUBLIC_URL", "PROD_TLS_CERT", "PROD_TLS_KEY", "PROD_DESK_ALLOW", "ASSISTANT_URL", "RASA_URL",
                 "HANDOFF_URL", "HANDOFF_DATABASE_URL", "TRACKER_STORE_URL", "REDIS_URL", "ACTION_SERVER_TOKEN",
                 "HANDOFF_API_TOKEN", "CONVERSATION_ID_SECRET", "HANDOFF_PUBLIC_KEY", "HANDOFF_PRIVATE_KEY",
                 "HANDOFF_COOKIE_SECURE", "WEGWIJZER_PROFILE"):
        profile.env.pop(name, None)  # the script derives or makes them
    profile.running = True
    started = time.monotonic()
    result = profile.script("start", timeout=600)
    profile.start_seconds = time.monotonic() - started
    if result.returncode != 0:
        logs = profile.logs()
        profile.stop()
        pytest.fail(f"production profile did not start:\n{result.stdout}\n{result.stderr}\n{logs}")
    print(f"\nproduction profile started in {profile.start_seconds:.0f} s")
    profile.trust_certificate()
    return profile


_profile: Profile | None = None


@pytest.fixture(scope="session")
def production(request) -> Profile:
    """The running production profile, shared by every test of the session."""
    global _profile
    if os.geteuid() != 0 and not all(map(shutil.which, ("redis-server", "nginx", "pg_ctlcluster"))):
        pytest.skip("needs root (to install postgresql, redis-server, nginx) or those packages installed")
    # SCALE_TEST_MODEL: run against another model than the newest in models/.
    model = os.environ.get("SCALE_TEST_MODEL") or str(request.getfixturevalue("trained_model"))
    _profile = start_profile(model)
    try:
        yield _profile
    finally:
        _profile.stop()


def _uses_profile(item) -> bool:
    return FIXTURE in getattr(item, "fixturenames", ())


def _is_browser(item) -> bool:
    return "browser" in Path(str(item.fspath)).parent.name


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """After the conftests' ordering (browser tests last): the profile's users
    together, at the seam between the other tests and the browser tests."""
    plain = [i for i in items if not _is_browser(i)]
    browser = [i for i in items if _is_browser(i)]
    items[:] = ([i for i in plain if not _uses_profile(i)] + [i for i in plain if _uses_profile(i)]
                + [i for i in browser if _uses_profile(i)] + [i for i in browser if not _uses_profile(i)])


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """Stop the profile as soon as no later test needs it: it holds two Rasa
    instances in memory that the other browser tests' stack competes with."""
    if _profile is None or not _profile.running or not _uses_profile(item):
        return
    items = item.session.items
    later = items[items.index(item) + 1:] if item in items else []
    if not any(_uses_profile(other) for other in later):
        _profile.stop()
