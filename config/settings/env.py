"""Small helpers for reading configuration from the environment."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    normalised = value.strip().lower()
    if normalised in {"1", "true", "yes", "on"}:
        return True
    if normalised in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default, minimum=None):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from error
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_request_header(name, default=""):
    """A request header named as operators write it (``X-Forwarded-For``) or as Django
    keys it in request.META (``HTTP_X_FORWARDED_FOR``); returned as the META key, since
    a name in the wrong form would silently never match."""
    value = env_str(name, default)
    if not value:
        return value
    key = value.upper().replace("-", "_")
    if key in {"REMOTE_ADDR", "CONTENT_LENGTH", "CONTENT_TYPE"} or key.startswith("HTTP_"):
        return key
    return f"HTTP_{key}"


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_networks(name):
    """Comma-separated addresses or CIDR ranges ("10.0.0.0/8, 2001:db8::/32"), checked
    at start-up: a typo would otherwise silently trust nobody, or the wrong machines."""
    networks = []
    for item in env_list(name):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or CIDR ranges, not {item!r}."
            ) from error
    return networks


def env_required(name):
    """Read a variable that must be set; refuse to start without it."""
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(
            f"The {name} environment variable is required with production settings."
        )
    return value
