"""Public feeds of consultations: RSS and Atom (Django's syndication framework) and an
iCalendar feed of the periods consultations are open. Each takes the consultation
listing's filters in its query string (status, partner, topic, area, type), so a
feed follows exactly what the listing shows; a value that names nothing is refused
with a 400 rather than silently widened to everything."""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.feedgenerator import Atom1Feed
from icalendar import Calendar, Event
from taggit.models import Tag

from ..forms.filters import ConsultationFilterForm
from ..models import Area, Partner
from ..selectors.alerts import feed_consultations
from ..selectors.consultations import main_consultation_index

FEED_ITEMS = 50


def _filters(request):
    """The valid filters, or a 400 response naming those that are not."""
    form = ConsultationFilterForm(
        request.GET or None,
        partners=Partner.objects.order_by("name"),
        topics=Tag.objects.filter(consultation_blocks_consultationpagetag_items__isnull=False)
        .distinct()
        .order_by("name"),
        areas=Area.objects.order_by("name"),
    )
    filters = form.cleaned_filters()
    if form.is_bound and form.errors:
        names = ", ".join(sorted(form.errors))
        return None, HttpResponseBadRequest(
            f"Unknown value for: {names}. Use the values the consultation filters offer.",
            content_type="text/plain; charset=utf-8",
        )
    return filters, None


def _describe(filters):
    return ", ".join(f"{name} {value}" for name, value in sorted(filters.items()))


class ConsultationsFeed(Feed):
    description = "New and updated consultations from every partner."

    def get_object(self, request, *args, **kwargs):
        return request.feed_filters

    def title(self, filters):
        return "Consultations" + (f" ({_describe(filters)})" if filters else "")

    def link(self, filters):
        index = main_consultation_index()
        base = index.url if index else "/"
        return base + (f"?{urlencode(sorted(filters.items()))}" if filters else "")

    def items(self, filters):
        return feed_consultations(filters, limit=FEED_ITEMS)

    def item_title(self, item):
        return f"{item.title} ({item.status_label})"

    def item_description(self, item):
        # Plain text; the feed generator escapes it.
        return item.published_outcome_summary or item.summary

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return f"consultation-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tagged.tag.name for tagged in item.tagged_items.all()]


class ConsultationsAtomFeed(ConsultationsFeed):
    feed_type = Atom1Feed
    subtitle = ConsultationsFeed.description


def _feed_view(feed):
    def view(request):
        filters, refusal = _filters(request)
        if refusal is not None:
            return refusal
        request.feed_filters = filters
        return feed(request)

    return view


rss = _feed_view(ConsultationsFeed())
atom = _feed_view(ConsultationsAtomFeed())


def icalendar(request):
    """One event per consultation with a closing date, from when it opens to when it
    closes. Ongoing engagement has no end, so it has no event."""
    filters, refusal = _filters(request)
    if refusal is not None:
        return refusal
    calendar = Calendar()
    calendar.add("prodid", "-//Partnership engagement hub//Consultations//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Consultations" + (f" ({_describe(filters)})" if filters else ""))
    host = request.get_host()
    for page in feed_consultations(filters, limit=FEED_ITEMS):
        if not page.closes_at:
            continue
        event = Event()
        event.add("uid", f"consultation-{page.pk}@{host}")
        event.add("summary", f"Consultation: {page.title}")
        event.add("dtstart", page.opens_at or page.first_published_at)
        event.add("dtend", page.closes_at)
        event.add("dtstamp", page.last_published_at or page.first_published_at)
        event.add("url", request.build_absolute_uri(page.url))
        if page.summary:
            event.add("description", page.summary)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="consultations.ics"'
    return response
