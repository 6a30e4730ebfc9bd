"""The path converter for database ids in the plugin's addresses.

Django's ``int`` matches any number of digits, and a number beyond the database's
64-bit integers makes the lookup fail with an error (a 500) instead of finding
nothing. ``id`` matches at most 18 digits, so such an address is simply not found."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
