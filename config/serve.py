"""`make serve`: the site as production runs it, on this machine, over plain HTTP on
127.0.0.1 (port 8000, or PORT).

Before serving: migrations, `collectstatic` (compressed, hashed files for WhiteNoise) and
`check --deploy`. Then gunicorn and the background worker (`manage.py db_worker`, which
sends emails and indexes content for search) run side by side; if either stops, the
other is stopped too and the command fails, so a half-working site is never left behind.

Production settings refuse to start without SECRET_KEY and ALLOWED_HOSTS. For a local
try-out they are filled in here: ALLOWED_HOSTS names the loopback addresses this binds
to, and a SECRET_KEY is generated once into `.secret-key` (git-ignored, readable only by
you) so sessions survive restarts. Set both yourself for anything else.

Plain HTTP needs three hardening settings off (they default to on, for HTTPS): the HTTPS
redirect and the Secure flag on the session and CSRF cookies. `check --deploy` runs
without these relaxations, on the settings a deployment behind HTTPS would have.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY_FILE = BASE_DIR / ".secret-key"
HOST = "127.0.0.1"
LOOPBACK_HOSTS = "127.0.0.1,localhost"
# Plain HTTP on loopback: no redirect to HTTPS, cookies that a browser sends over HTTP.
PLAIN_HTTP = {
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
}


def say(message):
    sys.stderr.write(f"serve: {message}\n")


def worker_count():
    """Gunicorn's usual rule for synchronous workers: two per core, plus one.
    WEB_CONCURRENCY (gunicorn's own variable) overrides it."""
    configured = os.environ.get("WEB_CONCURRENCY", "").strip()
    if configured:
        return int(configured)
    return 2 * (os.cpu_count() or 1) + 1


def secret_key():
    """The SECRET_KEY from the environment, else the one kept in .secret-key, made on
    first use."""
    if os.environ.get("SECRET_KEY", "").strip():
        return os.environ["SECRET_KEY"].strip()
    if not SECRET_KEY_FILE.exists():
        descriptor = os.open(SECRET_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
        say(
            f"SECRET_KEY is not set: generated one for local use into {SECRET_KEY_FILE.name} "
            "(git-ignored). In production, set SECRET_KEY in the environment instead."
        )
    return SECRET_KEY_FILE.read_text().strip()


def environment():
    """The environment the site runs with: production settings, the caller's variables,
    and what local serving needs when they are missing."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    env["SECRET_KEY"] = secret_key()
    if not env.get("ALLOWED_HOSTS", "").strip():
        say(
            f"ALLOWED_HOSTS is not set: using {LOOPBACK_HOSTS}, the addresses this listens "
            "on. In production, set ALLOWED_HOSTS to the site's host names."
        )
        env["ALLOWED_HOSTS"] = LOOPBACK_HOSTS
    return env


def manage(env, *args):
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], env=env, check=True)


def prepare(env, verbosity=1):
    """Migrations, static files and the deployment checklist, before anything is served."""
    manage(env, "migrate", "--noinput", "--verbosity", str(verbosity))
    manage(env, "set_site_address", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    # Judged as a deployment behind HTTPS: without the plain-HTTP relaxations.
    hardened = {key: value for key, value in env.items() if key not in PLAIN_HTTP}
    manage(hardened, "check", "--deploy", "--fail-level", "WARNING", "--verbosity", str(verbosity))


def gunicorn_command(port, workers):
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-tmp-dir",
        "/dev/shm" if Path("/dev/shm").is_dir() else "/tmp",
        # One control socket per user by default: two servers on one machine would share it.
        "--no-control-socket",
    ]


def worker_command():
    return [sys.executable, str(BASE_DIR / "manage.py"), "db_worker", "--queue-name", "*"]


def start(env, port, workers, log=None):
    """Start gunicorn and the background worker; return both processes. Their output
    goes to `log` (an open file) when given, to this terminal otherwise."""
    served = {**env, **{key: env.get(key, value) for key, value in PLAIN_HTTP.items()}}
    output = {"env": served, "cwd": BASE_DIR, "stdout": log, "stderr": log}
    web = subprocess.Popen(gunicorn_command(port, workers), **output)
    worker = subprocess.Popen(worker_command(), **output)
    return web, worker


def stop(processes, timeout=20):
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def supervise(processes):
    """Wait until a process stops (or we are told to stop), then stop the rest."""
    stopping = []

    def request_stop(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        while not stopping:
            for process in processes:
                if process.poll() is not None:
                    say(f"{process.args[2]} stopped (exit status {process.returncode}).")
                    return 1
            time.sleep(0.5)
        return 0
    finally:
        stop(processes)


def main():
    port = int(os.environ.get("PORT", "8000"))
    env = environment()
    try:
        prepare(env)
    except subprocess.CalledProcessError as error:
        say(f"stopped before serving: `{' '.join(error.cmd[1:])}` failed.")
        return 1
    workers = worker_count()
    say(
        f"serving http://{HOST}:{port}/ with {workers} gunicorn workers and the background "
        "worker. Ctrl-C stops both."
    )
    return supervise(start(env, port, workers))


if __name__ == "__main__":
    sys.exit(main())
