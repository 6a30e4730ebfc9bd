"""The plugin's public addresses outside the page tree: email alerts, feeds and the
"You said, we did" register.
A site includes them before Wagtail's catch-all: ``path("", include("consultation_blocks.urls"))``."""

from django.urls import path

from .views import alerts, feeds, outcomes_register

app_name = "consultation_blocks"

urlpatterns = [
    path("alerts/", alerts.subscribe, name="subscribe"),
    path("alerts/check-your-email/", alerts.check_email, name="check_email"),
    path("alerts/confirm/<str:token>/", alerts.confirm, name="confirm"),
    path("alerts/unsubscribe/<str:token>/", alerts.unsubscribe, name="unsubscribe"),
    path("feeds/consultations/rss/", feeds.rss, name="feed_rss"),
    path("feeds/consultations/atom/", feeds.atom, name="feed_atom"),
    path("feeds/consultations.ics", feeds.icalendar, name="feed_ics"),
    path("you-said-we-did/", outcomes_register.register, name="outcomes_register"),
]
