"""Writes around engagement activities that Wagtail's own admin saving leaves out."""

from wagtail.search import index


def reindex_activity(*, activity):
    """Refresh an activity's search entry once its topics, areas and partners are
    stored. Wagtail indexes a model when its row is saved, which for a new activity is
    before the form has written those relations, so its topics would be missing. Called
    inside the save's transaction, so the database index rolls back with it."""
    index.insert_or_update_object(activity)
