"""Exporting a survey's responses as CSV or XLSX, one row per response.

Columns cover every question the survey has ever had, so answers to a question that
was later removed are still exported. Rows are read in chunks and written as they go,
so memory stays flat however many responses there are.
"""

import csv
import json
import tempfile
from dataclasses import replace

from django.conf import settings
from django.utils import translation
from openpyxl import Workbook

from ..models import ResponseChannel
from ..questions import question_kind
from ..selectors.results import CHUNK_SIZE, responses_for
from ..surveys import Question, surveys_in

FIXED_HEADERS = ["Response", "Submitted at", "Channel", "Entered by staff", "Wants outcome updates"]
# Spreadsheets run cells starting with these as formulas; a leading quote stops that.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def export_questions(page, survey):
    """The survey's questions now, then any it had in earlier revisions, with the
    wording they last had."""
    questions = list(survey.questions)
    seen = {q.id for q in questions}
    stream_block = page._meta.get_field("body").stream_block
    for revision in page.revisions.order_by("-created_at", "-pk").only("content"):
        body = revision.content.get("body") or []
        if isinstance(body, str):  # revisions keep StreamField content as JSON text
            body = json.loads(body)
        # Only this survey's block is read: the rest of the page (images, documents)
        # would cost queries and is never exported.
        same_survey = [
            block
            for block in body
            if isinstance(block, dict)
            and block.get("type") == "survey"
            and block.get("id") == survey.id
        ]
        for earlier in surveys_in(stream_block.to_python(same_survey)):
            for question in earlier.questions:
                if question.id not in seen:
                    seen.add(question.id)
                    questions.append(
                        replace(
                            question,
                            label=f"{question.label or question.id} (question since removed)",
                        )
                    )
    # Answers can outlive every revision that held their question (revisions pruned,
    # or responses loaded from elsewhere): keep them, under their id. One extra pass
    # over the answers, in chunks, keeping only the ids.
    orphans = {}
    answers = responses_for(page, survey.id).values_list("answers", flat=True)
    for stored in answers.iterator(chunk_size=CHUNK_SIZE):
        for question_id in stored:
            if question_id not in seen and question_id not in orphans:
                orphans[question_id] = Question(
                    id=question_id, kind="", label=f"Question since removed ({question_id})"
                )
    questions += sorted(orphans.values(), key=lambda q: q.id)
    return questions


def export_rows(page, survey, channel=""):
    """The header, then one list of cells per response. The built-in answers (agree to
    disagree, yes or no) are written in the site's default language, whatever
    language the staff member reads the admin in, so every export reads the same."""
    with translation.override(settings.LANGUAGE_CODE):
        yield from _export_rows(page, survey, channel)


def _export_rows(page, survey, channel):
    questions = export_questions(page, survey)
    kinds = [question_kind(q.kind) for q in questions]
    yield FIXED_HEADERS + [
        neutralise(header)
        for question, kind in zip(questions, kinds, strict=True)
        for header in kind.export_headers(question)
    ]
    channel_labels = dict(ResponseChannel.choices)
    rows = responses_for(page, survey.id, channel).order_by("created_at", "pk")
    fields = ("pk", "created_at", "channel", "entered_by_id", "wants_updates", "answers")
    for pk, created_at, channel_value, entered_by, wants_updates, answers in rows.values_list(
        *fields
    ).iterator(chunk_size=CHUNK_SIZE):
        yield [
            str(pk),
            created_at.isoformat(timespec="seconds"),
            channel_labels.get(channel_value, channel_value),
            "Yes" if entered_by else "No",
            "Yes" if wants_updates else "No",
        ] + [
            neutralise(cell)
            for question, kind in zip(questions, kinds, strict=True)
            for cell in kind.export_cells(question, answers.get(question.id))
        ]


class _Echo:
    def write(self, value):
        return value


def csv_chunks(rows):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    for row in rows:
        yield writer.writerow(row)


def xlsx_file(rows):
    """Write an XLSX in openpyxl's streaming mode to a temporary file, returned open."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Responses")
    for row in rows:
        sheet.append(row)
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(handle)
    handle.seek(0)
    return handle
