"""The plugin's settings, their defaults, and the one function that reads them.

A site's settings module imports the defaults to read the same names from its
environment without repeating the numbers; Django's settings are only read when
``setting()`` is called, so importing this module from a settings module is safe.

Everything the plugin needs from the site it runs in is a setting here or a template
the site overrides (see "The plugin in another site" in the README), so the plugin
installs in any Wagtail site with only these.
"""

from django.conf import settings

SPAM_DEFAULTS = {
    # Public POSTs per client address per window (seconds).
    "CONSULTATION_RATE_LIMIT": 20,
    "CONSULTATION_RATE_LIMIT_WINDOW": 600,
    # Forms sent sooner than this after they were shown are refused as automated.
    "CONSULTATION_MIN_FILL_SECONDS": 3,
    # The request.META key holding the client's address, read only when the request
    # comes from one of TRUSTED_PROXIES (see spam.client_address).
    "CONSULTATION_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
    # Networks (CIDRs) of the proxies whose forwarding header is believed; none: the
    # connecting address is the visitor's.
    "TRUSTED_PROXIES": (),
    "CONSULTATION_MAX_BODY_BYTES": 256 * 1024,
    # Votes one address may cast in one quick poll.
    "CONSULTATION_POLL_VOTES_PER_ADDRESS": 5,
    # Seconds a visitor is asked to wait before sending again when the database is
    # unavailable (the Retry-After header of the 503 response).
    "RETRY_AFTER_SECONDS": 30,
    # How long a form's signed start time stays valid.
    "CONSULTATION_FORM_MAX_AGE": 86400 * 2,
}

INTEGRATION_DEFAULTS = {
    # The URL name of the site's search page, which takes ``?tag=<slug>``: topic links
    # and the empty listing's "search everything" link go there. None: no search links.
    "CONSULTATION_SEARCH_URL_NAME": None,
    # The dotted path of the site's fragment cache, a function (request, name, vary,
    # make) that keeps parts of pages the same for every visitor (see fragments.py).
    # None: every part is drawn each time.
    "CONSULTATION_FRAGMENT_CACHE": None,
}

CONTACTS_DEFAULTS = {
    # Days a person stays on the contacts register after the consent they last gave.
    "CONTACTS_RETENTION_DAYS": 730,
    # Days before that ends that they are reminded, with a link to stay.
    "CONTACTS_REMINDER_DAYS": 30,
    # Hours the emailed link to see, export or erase one's data keeps working.
    "SUBJECT_ACCESS_LINK_HOURS": 24,
}

REGISTRATION_DEFAULTS = {
    # Days after an event ends that its registrations keep people's names, addresses
    # and needs (``manage.py anonymise_registrations`` clears them).
    "MEETING_REGISTRATION_RETENTION_DAYS": 90,
}

PANEL_SURVEY_DEFAULTS = {
    # Days between a panel survey's invitation (or last reminder) and the next reminder
    # to a member who has not answered, and the most reminders one member gets.
    "PANEL_SURVEY_REMINDER_DAYS": 7,
    "PANEL_SURVEY_MAX_REMINDERS": 2,
}

DEFAULTS = {
    **SPAM_DEFAULTS,
    **INTEGRATION_DEFAULTS,
    **CONTACTS_DEFAULTS,
    **REGISTRATION_DEFAULTS,
    **PANEL_SURVEY_DEFAULTS,
}


def setting(name):
    """The site's value of one of the plugin's settings, or its default."""
    return getattr(settings, name, DEFAULTS[name])
