"""Every variable the README's Configuration table documents is read from the
environment: one test per variable, loading the settings module afresh with it set."""

import importlib
import re
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_MODULES = [f"config.settings.{name}" for name in ("base", "dev", "production", "test")]
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-settings-test-0123456789",
    "ALLOWED_HOSTS": "engage.example.org",
}


@pytest.fixture
def load_settings(monkeypatch):
    """Import a settings module as a fresh process would, under the given variables."""

    def load(module, env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        for name in SETTINGS_MODULES:
            monkeypatch.delitem(sys.modules, name, raising=False)
        return importlib.import_module(f"config.settings.{module}")

    return load


def directives(policy):
    return policy["DIRECTIVES"]


# (variable, value, settings module, what it must change, its value with the variable set)
CASES = [
    ("DATABASE_URL", "postgres://someone@db.example:5432/engage_x", "dev",
     lambda s: (s.DATABASES["default"]["HOST"], s.DATABASES["default"]["NAME"]),
     ("db.example", "engage_x")),
    ("DATABASE_CONN_MAX_AGE", "42", "dev",
     lambda s: s.DATABASES["default"]["CONN_MAX_AGE"], 42),
    ("DATABASE_REPLICA_URL", "postgres://reader@replica.example:5432/engage", "production",
     lambda s: (s.DATABASES.get("replica", {}).get("HOST"), s.DATABASE_READ_REPLICA),
     ("replica.example", "replica")),
    ("REDIS_URL", "redis://cache.example:6379/3", "production",
     lambda s: (s.CACHES["default"]["BACKEND"], s.CACHES["default"]["LOCATION"]),
     ("config.cache.ResilientRedisCache", "redis://cache.example:6379/3")),
    ("CACHE_KEY_PREFIX", "second-site", "production",
     lambda s: s.CACHES["default"]["KEY_PREFIX"], "second-site"),
    ("ELASTICSEARCH_URL", "http://search.example:9200", "dev",
     lambda s: s.WAGTAILSEARCH_BACKENDS["default"].get("URLS"), ["http://search.example:9200"]),
    ("ELASTICSEARCH_INDEX_PREFIX", "council", "dev",
     lambda s: s.ELASTICSEARCH_INDEX_PREFIX, "council"),
    ("SECRET_KEY", "a-key-from-the-environment", "dev",
     lambda s: s.SECRET_KEY, "a-key-from-the-environment"),
    ("DEV_SECRET_KEY", "a-development-key", "dev",
     lambda s: s.SECRET_KEY, "a-development-key"),
    ("ALLOWED_HOSTS", "engage.example.org, www.engage.example.org", "dev",
     lambda s: s.ALLOWED_HOSTS, ["engage.example.org", "www.engage.example.org"]),
    ("CSRF_TRUSTED_ORIGINS", "https://engage.example.org", "dev",
     lambda s: s.CSRF_TRUSTED_ORIGINS, ["https://engage.example.org"]),
    ("DEBUG", "false", "dev", lambda s: s.DEBUG, False),
    ("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend", "dev",
     lambda s: s.EMAIL_BACKEND, "django.core.mail.backends.filebased.EmailBackend"),
    ("EMAIL_HOST", "smtp.example.org", "production", lambda s: s.EMAIL_HOST, "smtp.example.org"),
    ("EMAIL_PORT", "587", "production", lambda s: s.EMAIL_PORT, 587),
    ("EMAIL_HOST_USER", "mailer", "production", lambda s: s.EMAIL_HOST_USER, "mailer"),
    ("EMAIL_HOST_PASSWORD", "from-the-vault", "production",
     lambda s: s.EMAIL_HOST_PASSWORD, "from-the-vault"),
    ("EMAIL_USE_TLS", "true", "production", lambda s: s.EMAIL_USE_TLS, True),
    ("DEFAULT_FROM_EMAIL", "hub@council.example", "production",
     lambda s: (s.DEFAULT_FROM_EMAIL, s.SERVER_EMAIL),
     ("hub@council.example", "hub@council.example")),
    ("WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", "approvals@council.example", "production",
     lambda s: s.WAGTAILADMIN_NOTIFICATION_FROM_EMAIL, "approvals@council.example"),
    ("WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", "yes", "production",
     lambda s: s.WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS, True),
    ("WAGTAILADMIN_BASE_URL", "https://engage.example.org", "production",
     lambda s: s.WAGTAILADMIN_BASE_URL, "https://engage.example.org"),
    ("WAGTAIL_SITE_NAME", "Riverside partnership", "production",
     lambda s: s.WAGTAIL_SITE_NAME, "Riverside partnership"),
    ("MEDIA_ROOT", "/srv/engage/media", "production",
     lambda s: str(s.MEDIA_ROOT), "/srv/engage/media"),
    ("PRIVATE_MEDIA_ROOT", "/srv/engage/documents", "production",
     lambda s: str(s.PRIVATE_MEDIA_ROOT), "/srv/engage/documents"),
    ("AWS_PRIVATE_STORAGE_BUCKET_NAME", "engage-documents", "production",
     lambda s: s.AWS_PRIVATE_STORAGE_BUCKET_NAME, "engage-documents"),
    ("AWS_S3_ENDPOINT_URL", "https://s3.example.org", "production",
     lambda s: s.AWS_S3_ENDPOINT_URL, "https://s3.example.org"),
    ("AWS_S3_REGION_NAME", "eu-west-2", "production", lambda s: s.AWS_S3_REGION_NAME, "eu-west-2"),
    ("AWS_S3_CUSTOM_DOMAIN", "media.engage.example.org", "production",
     lambda s: s.AWS_S3_CUSTOM_DOMAIN, "media.engage.example.org"),
    ("LOG_LEVEL", "DEBUG", "production", lambda s: s.LOGGING["root"]["level"], "DEBUG"),
    ("SECURE_SSL_REDIRECT", "false", "production", lambda s: s.SECURE_SSL_REDIRECT, False),
    ("SECURE_HSTS_SECONDS", "3600", "production", lambda s: s.SECURE_HSTS_SECONDS, 3600),
    ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false", "production",
     lambda s: s.SECURE_HSTS_INCLUDE_SUBDOMAINS, False),
    ("SECURE_HSTS_PRELOAD", "false", "production", lambda s: s.SECURE_HSTS_PRELOAD, False),
    ("SESSION_COOKIE_SECURE", "false", "production", lambda s: s.SESSION_COOKIE_SECURE, False),
    ("CSRF_COOKIE_SECURE", "false", "production", lambda s: s.CSRF_COOKIE_SECURE, False),
    ("CONSULTATION_RATE_LIMIT", "5", "production", lambda s: s.CONSULTATION_RATE_LIMIT, 5),
    ("CONSULTATION_RATE_LIMIT_WINDOW", "60", "production",
     lambda s: s.CONSULTATION_RATE_LIMIT_WINDOW, 60),
    ("CONSULTATION_MIN_FILL_SECONDS", "8", "production",
     lambda s: s.CONSULTATION_MIN_FILL_SECONDS, 8),
    ("CONSULTATION_CLIENT_IP_HEADER", "X-Real-IP", "production",
     lambda s: s.CONSULTATION_CLIENT_IP_HEADER, "HTTP_X_REAL_IP"),
    ("TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7", "production",
     lambda s: s.TRUSTED_PROXIES, ["10.0.0.0/8", "192.0.2.7/32"]),
    ("CONSULTATION_MAX_BODY_BYTES", "65536", "production",
     lambda s: s.CONSULTATION_MAX_BODY_BYTES, 65536),
    ("CONSULTATION_POLL_VOTES_PER_ADDRESS", "2", "production",
     lambda s: s.CONSULTATION_POLL_VOTES_PER_ADDRESS, 2),
    ("CONTACTS_RETENTION_DAYS", "365", "production", lambda s: s.CONTACTS_RETENTION_DAYS, 365),
    (
        "MEETING_REGISTRATION_RETENTION_DAYS",
        "30",
        "production",
        lambda s: s.MEETING_REGISTRATION_RETENTION_DAYS,
        30,
    ),
    ("CONTACTS_REMINDER_DAYS", "14", "production", lambda s: s.CONTACTS_REMINDER_DAYS, 14),
    ("SUBJECT_ACCESS_LINK_HOURS", "2", "production", lambda s: s.SUBJECT_ACCESS_LINK_HOURS, 2),
    ("PANEL_SURVEY_REMINDER_DAYS", "3", "production", lambda s: s.PANEL_SURVEY_REMINDER_DAYS, 3),
    ("PANEL_SURVEY_MAX_REMINDERS", "0", "production", lambda s: s.PANEL_SURVEY_MAX_REMINDERS, 0),
    ("VIDEO_EMBED_ORIGINS", "https://www.youtube-nocookie.com,https://player.vimeo.com", "production",
     lambda s: (
         directives(s.CONTENT_SECURITY_POLICY)["frame-src"],
         directives(s.CONTENT_SECURITY_POLICY_ADMIN)["frame-src"],
     ),
     (["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],) * 2),
    ("PAGE_CACHE_SECONDS", "300", "production", lambda s: s.PAGE_CACHE_SECONDS, 300),
    ("FRAGMENT_CACHE_SECONDS", "120", "production", lambda s: s.FRAGMENT_CACHE_SECONDS, 120),
    ("PAGE_CACHE_LOCAL_MB", "64", "production", lambda s: s.PAGE_CACHE_LOCAL_MB, 64),
    ("FRONTEND_CACHE_PURGE_URL", "http://varnish.internal:6081", "production",
     lambda s: s.WAGTAILFRONTENDCACHE.get("proxy"),
     {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
      "LOCATION": "http://varnish.internal:6081"}),
]  # fmt: skip
# Read outside the settings modules, and tested where they are read.
TESTED_ELSEWHERE = {
    "DEMO_PASSWORD": "tests/test_seed_demo.py",
    "DJANGO_SETTINGS_MODULE": "tests/test_settings.py",
    # Needs its companion variable; the credentials are read by boto3 itself.
    "AWS_STORAGE_BUCKET_NAME": "tests/test_s3_storage.py",
    "AWS_ACCESS_KEY_ID": "tests/test_s3_storage.py",
    "AWS_SECRET_ACCESS_KEY": "tests/test_s3_storage.py",
    # Read together: test_cloudflare_purging_needs_its_token_and_zone below.
    "CLOUDFLARE_BEARER_TOKEN": "tests/test_environment_settings.py",
    "CLOUDFLARE_ZONE_ID": "tests/test_environment_settings.py",
}


@pytest.mark.parametrize(
    ("variable", "value", "module", "read", "expected"), CASES, ids=[case[0] for case in CASES]
)
def test_variable_is_read_from_the_environment(
    load_settings, monkeypatch, variable, value, module, read, expected
):
    base_env = PRODUCTION if module == "production" else {}
    for name in {case[0] for case in CASES} - set(base_env):
        monkeypatch.delenv(name, raising=False)
    unset = read(load_settings(module, base_env))
    assert unset != expected, "the expected value must differ from the default"

    assert read(load_settings(module, {**base_env, variable: value})) == expected


def configuration_table_variables():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_every_documented_variable_has_a_test():
    documented = configuration_table_variables()
    tested = {case[0] for case in CASES} | set(TESTED_ELSEWHERE)

    assert documented - tested == set()
    assert "CONSULTATION_RATE_LIMIT" in documented


def test_every_variable_the_settings_read_is_documented():
    read = set()
    for path in (ROOT / "config" / "settings").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        read |= set(re.findall(r"env_[a-z_]+\(\s*\"([A-Z][A-Z0-9_]+)\"", source))

    assert read - configuration_table_variables() == set()
    assert "CONSULTATION_MAX_BODY_BYTES" in read


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CONSULTATION_RATE_LIMIT_WINDOW", "0", "must be at least 1, not 0"),
        ("CONSULTATION_RATE_LIMIT", "-3", "must be at least 1, not -3"),
        ("CONSULTATION_MAX_BODY_BYTES", "lots", "must be a whole number, not 'lots'"),
        ("CONSULTATION_MIN_FILL_SECONDS", "-1", "must be at least 0, not -1"),
    ],
)
def test_an_impossible_spam_setting_stops_start_up_with_a_clear_message(
    load_settings, variable, value, message
):
    with pytest.raises(ImproperlyConfigured, match=f"{variable} {message}"):
        load_settings("production", {**PRODUCTION, variable: value})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("HTTP_X_REAL_IP", "HTTP_X_REAL_IP"),
        ("x-real-ip", "HTTP_X_REAL_IP"),
        ("REMOTE_ADDR", "REMOTE_ADDR"),
    ],
)
def test_the_client_address_header_is_accepted_as_written_or_as_its_meta_key(
    load_settings, value, expected
):
    settings = load_settings("production", {**PRODUCTION, "CONSULTATION_CLIENT_IP_HEADER": value})

    assert settings.CONSULTATION_CLIENT_IP_HEADER == expected


def test_a_trusted_proxy_that_is_not_an_address_stops_start_up(load_settings):
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES must list IP addresses"):
        load_settings("production", {**PRODUCTION, "TRUSTED_PROXIES": "10.0.0.0/8, proxy.local"})


def test_cloudflare_purging_needs_its_token_and_zone(load_settings, monkeypatch):
    for name in ("CLOUDFLARE_BEARER_TOKEN", "CLOUDFLARE_ZONE_ID", "FRONTEND_CACHE_PURGE_URL"):
        monkeypatch.delenv(name, raising=False)
    assert load_settings("production", PRODUCTION).WAGTAILFRONTENDCACHE == {}

    settings = load_settings(
        "production",
        {**PRODUCTION, "CLOUDFLARE_BEARER_TOKEN": "a-token", "CLOUDFLARE_ZONE_ID": "zone-1"},
    )
    assert settings.WAGTAILFRONTENDCACHE["cloudflare"] == {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": "a-token",
        "ZONEID": "zone-1",
    }

    monkeypatch.delenv("CLOUDFLARE_ZONE_ID")
    with pytest.raises(ImproperlyConfigured, match="CLOUDFLARE_ZONE_ID is required"):
        load_settings("production", {**PRODUCTION, "CLOUDFLARE_BEARER_TOKEN": "a-token"})


def test_the_page_cache_is_off_in_development_and_on_in_production(load_settings, monkeypatch):
    monkeypatch.delenv("PAGE_CACHE_SECONDS", raising=False)
    assert load_settings("dev", {}).PAGE_CACHE_SECONDS == 0
    assert load_settings("production", PRODUCTION).PAGE_CACHE_SECONDS == 60


def test_processes_keep_cached_pages_in_production_only(load_settings, monkeypatch):
    monkeypatch.delenv("PAGE_CACHE_LOCAL_MB", raising=False)
    assert load_settings("dev", {}).PAGE_CACHE_LOCAL_MB == 0
    assert load_settings("production", PRODUCTION).PAGE_CACHE_LOCAL_MB == 16


def test_page_fragments_are_kept_in_production_only(load_settings, monkeypatch):
    monkeypatch.delenv("FRAGMENT_CACHE_SECONDS", raising=False)
    assert load_settings("dev", {}).FRAGMENT_CACHE_SECONDS == 0
    assert load_settings("production", PRODUCTION).FRAGMENT_CACHE_SECONDS == 60
