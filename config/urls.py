import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.api import API_PREFIX, api_router
from home import views as home_views
from search import views as search_views

handler500 = "config.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("brand.css", home_views.brand_css, name="brand_css"),
    path(API_PREFIX, api_router.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    from config.views import serve_public_media

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += [
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_public_media)
    ]

urlpatterns += [
    # The plugin's alerts and feeds, unprefixed like the API and the admin.
    path("", include("consultation_blocks.urls")),
]
# Wagtail's page serving, the catch-all, last: English at "/", every other language
# under its prefix (/cy/, /ur/), which also picks the page's translation.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
