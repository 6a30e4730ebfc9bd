from django.apps import AppConfig


class BaselineConfig(AppConfig):
    """Stock Wagtail pages the benchmark measures the site against. Installed only by
    config.settings.bench, so the site itself never has these tables."""

    name = "bench.baseline"
    label = "bench_baseline"
    default_auto_field = "django.db.models.BigAutoField"
