"""The plugin's settings and their defaults.

Plain values with no Django imports, so a site's settings module can import them to
read the same names from its environment without repeating the numbers.
"""

SPAM_DEFAULTS = {
    # Public POSTs per client address per window (seconds).
    "CONSULTATION_RATE_LIMIT": 20,
    "CONSULTATION_RATE_LIMIT_WINDOW": 600,
    # Forms sent sooner than this after they were shown are refused as automated.
    "CONSULTATION_MIN_FILL_SECONDS": 3,
    # The request.META key holding the client's address, read only when the request
    # comes from one of TRUSTED_PROXIES (see spam.client_address).
    "CONSULTATION_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
    "CONSULTATION_MAX_BODY_BYTES": 256 * 1024,
    # Votes one address may cast in one quick poll.
    "CONSULTATION_POLL_VOTES_PER_ADDRESS": 5,
    # Seconds a visitor is asked to wait before sending again when the database is
    # unavailable (the Retry-After header of the 503 response).
    "RETRY_AFTER_SECONDS": 30,
    # How long a form's signed start time stays valid.
    "CONSULTATION_FORM_MAX_AGE": 86400 * 2,
}
