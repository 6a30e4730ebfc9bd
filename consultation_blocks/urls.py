"""Public addresses of the plugin that are not pages: the forward plan of engagement
activities. A host site includes them, e.g. ``path("forward-plan/", include(...))``."""

from django.urls import path

from .views import forward_plan

urlpatterns = [
    path("", forward_plan.public_list, name="forward_plan_list"),
    path("calendar/", forward_plan.public_calendar, name="forward_plan_calendar"),
    path("forward-plan.ics", forward_plan.public_ical, name="forward_plan_ical"),
]
