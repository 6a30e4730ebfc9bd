"""The plugin's public addresses outside the page tree: the forward plan of engagement
activities, email alerts, feeds, the "You said, we did" register and surveys run every year. A site includes
them before Wagtail's catch-all: ``path("", include("consultation_blocks.urls"))``."""

from django.urls import path

from . import converters  # noqa: F401  (registers <id:...>)
from .views import alerts, evaluation, feeds, forward_plan, outcomes_register, series

app_name = "consultation_blocks"

urlpatterns = [
    path("forward-plan/", forward_plan.public_list, name="forward_plan_list"),
    path("forward-plan/calendar/", forward_plan.public_calendar, name="forward_plan_calendar"),
    path("forward-plan/forward-plan.ics", forward_plan.public_ical, name="forward_plan_ical"),
    path("alerts/", alerts.subscribe, name="subscribe"),
    path("alerts/check-your-email/", alerts.check_email, name="check_email"),
    path("alerts/confirm/<str:token>/", alerts.confirm, name="confirm"),
    path("alerts/unsubscribe/<str:token>/", alerts.unsubscribe, name="unsubscribe"),
    path("feeds/consultations/rss/", feeds.rss, name="feed_rss"),
    path("feeds/consultations/atom/", feeds.atom, name="feed_atom"),
    path("feeds/consultations.ics", feeds.icalendar, name="feed_ics"),
    path("you-said-we-did/", outcomes_register.register, name="outcomes_register"),
    path("taking-part/<id:page_id>/", evaluation.taking_part, name="taking_part"),
    path("taking-part/thank-you/", evaluation.taking_part_thanks, name="taking_part_thanks"),
    path("survey-series/", series.series_list, name="series_list"),
    path("survey-series/<slug:slug>/", series.series_detail, name="series_detail"),
]
