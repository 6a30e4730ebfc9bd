from django.apps import AppConfig


class BaselineConfig(AppConfig):
    """Stock Wagtail pages the benchmark measures the site against. Installed only by
    config.settings.bench (which makes their tables) and by the stock project that
    serves them (bench/baseline/settings.py), so the site itself never has them."""

    name = "bench.baseline"
    label = "bench_baseline"
    default_auto_field = "django.db.models.BigAutoField"
