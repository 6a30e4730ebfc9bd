"""Forms, one module per subject.

``pages`` is the consultation page's admin form: the page model names it as its
``base_form_class``, so it sits in the models' layer. ``comments``, ``surveys`` and
``filters`` read what residents and staff send to the public views and the admin, and
sit above the services.

This package imports none of them, so the page model loading its admin form does not
load the public forms (which use services, which use the models).
"""
