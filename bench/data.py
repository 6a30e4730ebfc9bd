"""Data the benchmark needs, made fast: bulk inserts (COPY for responses), never one
`save()` per row. Each function tops its kind of data up to a total, so the runner can
measure at 10,000 pages, add more, and measure again.

Generated rows skip Django's signals. Generated pages are put in the search index here,
through the search backend itself in batches of thousands (what `update_index` writes,
without its one-batch-at-a-time overhead); the runner times a full rebuild separately.
"""

import datetime
import json
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from consultation_blocks.forms.surveys import SurveyForm
from consultation_blocks.models import (
    Comment,
    CommentState,
    ConsultationPage,
    PublicationChoice,
    ResponseChannel,
    SurveyResponse,
)
from home.models import HomePage, StandardPage

LIBRARY_SLUG = "bench-library"
BATCH = 5_000
COLUMNS = (
    "page_id",
    "survey_id",
    "answers",
    "email",
    "wants_updates",
    "channel",
    "submission_key",
    "created_at",
    "one_per_email",
    "publication",
    "publication_name",
)
# Words for generated pages and comments. Drawn with Zipf-like weights, so common words
# match many pages (search then caps its candidates) and rare ones match a few.
VOCABULARY = """
council health care community residents housing transport parking library park school
children young people older carers support service services consultation survey budget
plan strategy policy planning application road bus cycle walking safety police fire crime
neighbourhood ward town village centre market high street business jobs skills training
college hospital doctor surgery pharmacy mental wellbeing loneliness volunteers charity
faith group forum meeting event festival sport leisure pool gym playground allotment tree
green space river flood climate energy heating insulation recycling waste bins collection
litter noise air quality pollution water drainage lighting pavement potholes repairs rent
tenants landlords homeless shelter benefits debt advice food bank poverty cost living
equality diversity disability access accessible language translation interpreter digital
internet broadband online website app phone letter email feedback complaint compliment
review annual report outcome decision cabinet scrutiny committee partnership network
engagement listening conversation workshop focus drop session exhibition display proposal
option change closure opening hours staff funding grant investment regeneration heritage
museum theatre arts music culture history archive tourism visitors hotel cafe shop
""".split()
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]


def words(rng, count):
    return " ".join(rng.choices(VOCABULARY, weights=WEIGHTS, k=count))


def _home():
    return HomePage.objects.live().first() or Page.objects.get(depth=2)


# Pages ---------------------------------------------------------------------------


def _library():
    library = StandardPage.objects.filter(slug=LIBRARY_SLUG).first()
    if library is None:
        library = _home().add_child(
            instance=StandardPage(
                title="Library of generated pages",
                slug=LIBRARY_SLUG,
                summary="Pages generated for the benchmark's search measurements.",
                show_in_menus=False,
            )
        )
    return library


def generate_pages(total, seed=13):
    """Top the library up to `total` live information pages, written as rows: the tree
    paths are computed here (treebeard's own scheme), as add_child would compute them
    one by one."""
    library = _library()
    have = Page.objects.filter(pk=library.pk).values_list("numchild", flat=True).get()
    if have >= total:
        return have
    rng = random.Random(seed + have)
    content_type = ContentType.objects.get_for_model(StandardPage)
    child_fields = StandardPage._meta.local_concrete_fields
    now = timezone.now()
    position = have
    while position < total:
        end = min(total, position + BATCH)
        rows = []
        for number in range(position + 1, end + 1):
            slug = f"generated-{number}"
            title = f"{words(rng, 4).capitalize()} ({number})"
            rows.append(
                StandardPage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=Page._get_path(library.path, library.depth + 1, number),
                    depth=library.depth + 1,
                    numchild=0,
                    url_path=f"{library.url_path}{slug}/",
                    content_type=content_type,
                    locale_id=library.locale_id,
                    live=True,
                    first_published_at=now - datetime.timedelta(minutes=number),
                    last_published_at=now - datetime.timedelta(minutes=number),
                    summary=words(rng, 18).capitalize() + ".",
                    body=[
                        {
                            "type": "text",
                            "value": f"<p>{words(rng, 60).capitalize()}.</p>"
                            f"<p>{words(rng, 40).capitalize()}.</p>",
                            "id": str(uuid.UUID(int=rng.getrandbits(128))),
                        }
                    ],
                )
            )
        with transaction.atomic():
            # Multi-table inheritance: the page rows first, then the child rows that
            # point at them.
            pages = Page.objects.bulk_create([Page(**_page_fields(row)) for row in rows])
            for row, page in zip(rows, pages, strict=True):
                row.page_ptr_id = row.pk = page.pk
            StandardPage._base_manager._insert(rows, fields=child_fields, using=connection.alias)
            Page.objects.filter(pk=library.pk).update(numchild=end)
            _index([page.pk for page in pages])
        position = end
    return total


def _index(page_ids):
    """Index entries as `update_index` writes them: one per page for each indexed model
    the page is an instance of."""
    backend = get_search_backend()
    for model in (Page, StandardPage):
        objects = model.get_indexed_objects().filter(pk__in=page_ids)
        if model is StandardPage:
            # Generated pages have no partners, areas or tags: prefetching the empty
            # relations saves three queries a page.
            objects = objects.prefetch_related("partners", "areas", "tags")
        backend.add_bulk(model, list(objects))


def _page_fields(child):
    return {
        field.attname: getattr(child, field.attname)
        for field in Page._meta.concrete_fields
        if field.attname != "id"
    }


# Comments ------------------------------------------------------------------------


def generate_comments(total, seed=17):
    """Top pending comments up to `total`, spread over the consultations: the
    moderation queue at that size."""
    have = Comment.objects.count()
    pages = list(ConsultationPage.objects.live().values_list("pk", flat=True))
    rng = random.Random(seed + have)
    now = timezone.now()
    while have < total:
        batch = min(BATCH * 2, total - have)
        Comment.objects.bulk_create(
            Comment(
                page_id=pages[(have + n) % len(pages)],
                name=f"Resident {have + n}",
                email=f"resident{have + n}@example.org",
                body=words(rng, rng.randint(8, 60)).capitalize() + ".",
                state=CommentState.PENDING,
                created_at=now - datetime.timedelta(seconds=have + n),
            )
            for n in range(batch)
        )
        have += batch
    return have


# Survey responses ----------------------------------------------------------------


def answer_variants(survey, post_data, count=64, seed=19):
    """Stored answers as the survey's own form cleans them, with the text answers
    varied, so the export writes realistic rows."""
    rng = random.Random(seed)
    variants = []
    for _ in range(count):
        data = dict(post_data)
        for question in survey.questions:
            if question.is_free_text:
                name = f"q-{question.id}"
                if name in data:
                    data[name] = words(rng, 6 if question.kind == "short_text" else 40)
        form = SurveyForm(survey, _multi(data))
        if not form.is_valid():
            raise ValueError(f"The generated answers do not validate: {form.errors}")
        variants.append(json.dumps(form.answers()))
    return variants


def _multi(data):
    from django.utils.datastructures import MultiValueDict

    return MultiValueDict(
        {key: value if isinstance(value, list) else [value] for key, value in data.items()}
    )


def generate_responses(page, survey, post_data, total):
    """Top the survey's responses up to `total` with COPY, the fastest way PostgreSQL
    takes rows."""
    have = SurveyResponse.objects.filter(page=page, survey_id=survey.id).count()
    if have >= total:
        return have
    variants = answer_variants(survey, post_data)
    now = timezone.now()
    table = SurveyResponse._meta.db_table
    channels = [choice for choice, _ in ResponseChannel.choices]
    rows = (
        (
            page.pk,
            survey.id,
            variants[n % len(variants)],
            "",
            n % 7 == 0,
            channels[0] if n % 10 else channels[n // 10 % len(channels)],
            uuid.uuid4(),
            now - datetime.timedelta(seconds=total - n),
            False,
            PublicationChoice.NO,
            "",
        )
        for n in range(have, total)
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        else:  # SQLite, for the tests: slower, same rows
            SurveyResponse.objects.bulk_create(
                (
                    SurveyResponse(
                        **dict(zip(COLUMNS, row, strict=True)) | {"answers": json.loads(row[2])}
                    )
                    for row in rows
                ),
                batch_size=BATCH,
            )
    return total
