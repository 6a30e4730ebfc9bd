"""Public views reached through ConsultationPage's routes. They stay thin: validation
lives in forms, writes in services, reads in selectors.

The page models (``models/pages.py``) import these views inside their route methods and
the index's ``get_context``: a routable page delegates to its views. It is the one
import from a lower layer to a higher one, and the only exception the import contract
in ``pyproject.toml`` allows; it stays inside the methods because these views import
the models (a real cycle).
"""
