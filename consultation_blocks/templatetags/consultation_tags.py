from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from .. import formats
from ..defaults import setting
from ..forms.comments import CommentForm
from ..forms.survey_steps import SurveySteps
from ..forms.surveys import SurveyForm
from ..fragments import cached_part as _cached_part
from ..fragments import shares_forms_with
from ..models import HouseRule
from ..selectors.comments import approved_comments, published_quotes
from ..selectors.consultations import consultation_topics
from ..selectors.polls import has_voted, poll_results
from ..selectors.publication import published_count
from ..spam import (
    HONEYPOT_FIELD,
    TIMESTAMP_FIELD,
    form_token,
    join_with_fresh_token,
    split_at_form_tokens,
)
from ..surveys import survey_from_block

register = template.Library()
register.filter("govuk_time", formats.govuk_time)
register.filter("govuk_datetime", formats.govuk_datetime)


@register.simple_tag
def page_links(page_obj):
    """The numbered links of a list's pagination, GOV.UK style: the first and last
    pages, and two either side of the current one; an ellipsis (None) stands in the
    second or second-to-last place for the pages left out there. Worked out for those
    places only, however many pages the list has.

    Returns [(number or None, whether it is the current page)].
    """
    current, last = page_obj.number, page_obj.paginator.num_pages
    places = {1, 2, last - 1, last, *range(current - 2, current + 3)}
    links = []
    for number in sorted(n for n in places if 1 <= n <= last):
        if number == current:
            links.append((number, True))
        elif number in (1, last) or abs(number - current) <= 2:
            links.append((number, False))
        elif number in (2, last - 1):
            links.append((None, False))
    return links


@register.simple_tag
def comment_threads(page):
    return approved_comments(page)


@register.simple_tag
def house_rules():
    return HouseRule.objects.all()


@register.simple_tag
def consultation_search_url():
    """The site's search page (``CONSULTATION_SEARCH_URL_NAME``), or "" when the site
    names none; templates then show topics as plain text."""
    name = setting("CONSULTATION_SEARCH_URL_NAME")
    return reverse(name) if name else ""


register.simple_tag(consultation_topics)


class CachedPartNode(template.Node):
    def __init__(self, name, vary, nodelist, *, forms=False):
        self.name, self.vary, self.nodelist, self.forms = name, vary, nodelist, forms

    def render(self, context):
        request = context.get("request")
        if self.forms:
            if not shares_forms_with(request):
                return self.nodelist.render(context)
            # Kept cut where the forms' start times go; each showing gets fresh ones.
            pieces = _cached_part(
                request,
                self.name.resolve(context),
                [value.resolve(context) for value in self.vary],
                lambda: split_at_form_tokens(self.nodelist.render(context).encode()),
            )
            return mark_safe(join_with_fresh_token(pieces).decode())
        html = _cached_part(
            request,
            self.name.resolve(context),
            [value.resolve(context) for value in self.vary],
            lambda: str(self.nodelist.render(context)),
        )
        return mark_safe(html)


def _cached_part_tag(end, forms):
    def compile_tag(parser, token):
        bits = token.split_contents()
        if len(bits) < 2:
            raise template.TemplateSyntaxError(f"{{% {bits[0]} %}} needs a name")
        nodelist = parser.parse((end,))
        parser.delete_first_token()
        return CachedPartNode(
            parser.compile_filter(bits[1]),
            [parser.compile_filter(bit) for bit in bits[2:]],
            nodelist,
            forms=forms,
        )

    return compile_tag


# {% cached_part "name" value… %}…{% endcached_part %}: markup that is the same for
# every visitor, kept by the site's fragment cache (fragments.py); the values name what
# it depends on besides the site and the language.
register.tag("cached_part", _cached_part_tag("endcached_part", forms=False))
# {% cached_form "name" value… %}…{% endcached_form %}: the same for markup holding
# public forms, such as a survey's on its page: shared only on a GET from a visitor
# with no state of their own (fragments.shares_forms_with), and every form's signed
# start time is fresh for each showing (spam.split_at_form_tokens).
register.tag("cached_form", _cached_part_tag("endcached_form", forms=True))


@register.simple_tag
def quotes_for(page):
    return published_quotes(page)


@register.simple_tag
def published_response_count(page):
    return published_count(page)


@register.simple_tag(takes_context=True)
def comment_form(context, allow_anonymous):
    """The form being corrected after a failed post, or a fresh one (replying to a
    comment when the link asked for it)."""
    form = context.get("comment_form")
    if form is not None:
        return form
    request = context.get("request")
    reply_to = request.GET.get("reply_to", "") if request else ""
    initial = {"parent": reply_to} if reply_to.isdigit() else {}
    return CommentForm(initial=initial, allow_anonymous=allow_anonymous)


@register.inclusion_tag("consultation_blocks/includes/form_guard.html")
def form_guard(prefix):
    """The honeypot and the signed start time every public form carries (see spam.py).
    ``prefix`` keeps ids unique when a page has several forms."""
    return {
        "honeypot_field": HONEYPOT_FIELD,
        "timestamp_field": TIMESTAMP_FIELD,
        "token": form_token(),
        "honeypot_id": f"{HONEYPOT_FIELD}-{prefix}",
    }


@register.simple_tag
def survey_form(block_id, value):
    """A fresh survey form for a SurveyBlock on the page, or the first step of a survey
    in steps. It carries no submission key and no answers: the page may be shared by
    the page cache, and a shared key would make everyone's answers one response
    (views/surveys.py makes the key)."""
    survey = survey_from_block(block_id, value)
    if survey.steps:
        # A survey in steps shows its first step here (forms/survey_steps.py).
        steps = SurveySteps(survey, {})
        first = steps.shown_pages()[0]
        steps.show(first, errors=False)
        return steps.step_context(first)
    return {"survey": survey, "form": SurveyForm(survey), "submission_key": ""}


@register.simple_tag(takes_context=True)
def poll_state(context, page, block_id, value):
    """A poll's options with their votes so far, and whether this browser has voted."""
    request = context.get("request")
    voted = bool(request) and has_voted(request.session, page, str(block_id))
    options = [(str(item.id), str(item.value)) for item in value["options"].bound_blocks]
    return poll_results(page, str(block_id), options, voted=voted)
