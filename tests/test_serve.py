"""`make serve`: production settings on this machine, with the background worker."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import serve

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def clean_environ(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", *serve.PLAIN_HTTP):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(serve, "SECRET_KEY_FILE", tmp_path / ".secret-key")
    return tmp_path


def test_a_missing_secret_key_is_generated_once_into_a_private_file(clean_environ, capsys):
    first = serve.secret_key()
    second = serve.secret_key()

    key_file = clean_environ / ".secret-key"
    assert first == second
    assert len(first) >= 50
    assert key_file.read_text().strip() == first
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert "set SECRET_KEY in the environment" in capsys.readouterr().err


def test_a_secret_key_from_the_environment_is_used_and_nothing_is_written(
    clean_environ, monkeypatch
):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")

    assert serve.secret_key() == "from-the-environment"
    assert not (clean_environ / ".secret-key").exists()


def test_missing_allowed_hosts_become_the_loopback_addresses_and_say_so(clean_environ, capsys):
    env = serve.environment()

    assert env["ALLOWED_HOSTS"] == "127.0.0.1,localhost"
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert "set ALLOWED_HOSTS" in capsys.readouterr().err


def test_allowed_hosts_and_settings_from_the_environment_are_kept(clean_environ, monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "engage.example.org")
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "config.settings.bench")

    env = serve.environment()

    assert env["ALLOWED_HOSTS"] == "engage.example.org"
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.bench"


def test_worker_count_follows_the_cores_unless_web_concurrency_is_set(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert serve.worker_count() == 5

    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert serve.worker_count() == 3


def test_gunicorn_listens_on_loopback_only():
    command = serve.gunicorn_command(8123, 4)

    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert command[command.index("--workers") + 1] == "4"
    assert "config.wsgi" in command


def _settings(env_overrides, expression):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        **env_overrides,
    }
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=BASE_DIR, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_production_cookies_are_secure_unless_plain_http_is_asked_for():
    expression = "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE"
    assert _settings({}, expression) == "True True"
    assert _settings(serve.PLAIN_HTTP, expression) == "False False"
    assert _settings(serve.PLAIN_HTTP, "settings.SECURE_SSL_REDIRECT") == "False"


def test_the_web_server_and_worker_get_plain_http_settings_and_the_same_environment(
    clean_environ, monkeypatch
):
    started = []

    class Recorder:
        def __init__(self, command, env, cwd, stdout, stderr):
            started.append((command, env))

    monkeypatch.setattr(serve.subprocess, "Popen", Recorder)
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": "k"}

    serve.start(env, 8123, 2)

    (web_command, web_env), (worker_command, worker_env) = started
    assert "gunicorn" in web_command
    assert worker_command[-3:] == ["db_worker", "--queue-name", "*"]
    for started_env in (web_env, worker_env):
        assert started_env["SECURE_SSL_REDIRECT"] == "false"
        assert started_env["SESSION_COOKIE_SECURE"] == "false"
        assert started_env["CSRF_COOKIE_SECURE"] == "false"
        assert started_env["SECRET_KEY"] == "k"


def test_when_one_process_stops_the_other_is_stopped_and_serving_fails():
    quits = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    keeps_running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    handlers = [serve.signal.getsignal(s) for s in (serve.signal.SIGINT, serve.signal.SIGTERM)]
    try:
        assert serve.supervise([quits, keeps_running]) == 1
    finally:
        serve.signal.signal(serve.signal.SIGINT, handlers[0])
        serve.signal.signal(serve.signal.SIGTERM, handlers[1])
        if keeps_running.poll() is None:
            keeps_running.kill()
    assert keeps_running.returncode is not None
