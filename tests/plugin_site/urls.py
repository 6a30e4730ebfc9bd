from django.http import HttpResponse
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls


def find_pages(request):
    return HttpResponse("This site's own search.")


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("find/", find_pages, name="find_pages"),
    # The plugin's own addresses (forward plan, alerts, feeds, outcomes register).
    path("", include("consultation_blocks.urls")),
    path("", include(wagtail_urls)),
]
