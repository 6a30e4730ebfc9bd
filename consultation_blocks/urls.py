"""The plugin's public addresses outside the page tree: the forward plan of engagement
activities, email alerts, asking to be contacted, the citizens' panel, seeing one's own
data, feeds, the "You said, we did" register, feedback on taking part and surveys run
every year. A site includes them before Wagtail's catch-all:
``path("", include("consultation_blocks.urls"))``."""

from django.urls import path

from . import converters  # noqa: F401  (registers <id:...>)
from .views import (
    alerts,
    contacts,
    evaluation,
    feeds,
    forward_plan,
    my_data,
    outcomes_register,
    panel,
    series,
)

app_name = "consultation_blocks"

urlpatterns = [
    path("forward-plan/", forward_plan.public_list, name="forward_plan_list"),
    path("forward-plan/calendar/", forward_plan.public_calendar, name="forward_plan_calendar"),
    path("forward-plan/forward-plan.ics", forward_plan.public_ical, name="forward_plan_ical"),
    path("alerts/", alerts.subscribe, name="subscribe"),
    path("alerts/check-your-email/", alerts.check_email, name="check_email"),
    path("alerts/confirm/<str:token>/", alerts.confirm, name="confirm"),
    path("alerts/unsubscribe/<str:token>/", alerts.unsubscribe, name="unsubscribe"),
    path("contact-me/", contacts.sign_up, name="contact_sign_up"),
    path("contact-me/check-your-email/", contacts.check_email, name="contact_check_email"),
    path("contact-me/confirm/<str:token>/", contacts.confirm, name="contact_confirm"),
    path("contact-me/stay/<str:token>/", contacts.keep, name="contact_keep"),
    path("contact-me/stop/<str:token>/", contacts.unsubscribe, name="contact_unsubscribe"),
    path("panel/join/", panel.join, name="panel_join"),
    path("panel/check-your-email/", panel.check_email, name="panel_check_email"),
    path("panel/confirm/<str:token>/", panel.confirm, name="panel_confirm"),
    path("panel/member/", panel.ask_for_link, name="panel_ask_for_link"),
    path("panel/member/<str:token>/", panel.member_page, name="panel_member"),
    path("panel/stay/<str:token>/", panel.keep, name="panel_keep"),
    path("panel/leave/<str:token>/", panel.leave, name="panel_leave"),
    path("my-data/", my_data.ask, name="my_data_ask"),
    path("my-data/check-your-email/", my_data.check_email, name="my_data_check_email"),
    path("my-data/<str:token>/", my_data.my_data, name="my_data"),
    path("feeds/consultations/rss/", feeds.rss, name="feed_rss"),
    path("feeds/consultations/atom/", feeds.atom, name="feed_atom"),
    path("feeds/consultations.ics", feeds.icalendar, name="feed_ics"),
    path("you-said-we-did/", outcomes_register.register, name="outcomes_register"),
    path("taking-part/<id:page_id>/", evaluation.taking_part, name="taking_part"),
    path("taking-part/thank-you/", evaluation.taking_part_thanks, name="taking_part_thanks"),
    path("survey-series/", series.series_list, name="series_list"),
    path("survey-series/<slug:slug>/", series.series_detail, name="series_detail"),
]
