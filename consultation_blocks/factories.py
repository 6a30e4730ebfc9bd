"""Block factories (wagtail-factories): StreamField content built from the plugin's own
block definitions, for tests and for demo content, here and in a host site.

Each factory gives a block's value as a page read from the database holds it: every
field (the block's default where none is given), each list item and stream child with
its id, dates as dates. Fields take plain data: a list for a list block, ``(type,
value)`` pairs for a stream, HTML for rich text. ``child()`` and ``question()`` give
the ``(type, value)`` pair a page's StreamField takes:

    page.body = [
        child("heading", text="Background"),
        child("survey", questions=[question("yes_no", "Do you drive?")]),
    ]

The pairs themselves get their ids when the page is saved.
"""

import json

import factory
import wagtail_factories
from django.core.serializers.json import DjangoJSONEncoder
from wagtail.blocks import RichTextBlock

from .blocks.content import (
    AccordionBlock,
    CalloutBlock,
    ContactBlock,
    HeadingBlock,
    KeyDatesBlock,
    QuoteBlock,
)
from .blocks.equality import EqualityMonitoringBlock
from .blocks.feedback import (
    CommentsBlock,
    HouseRulesBlock,
    PublishedAnswersBlock,
    QuickPollBlock,
    YouSaidWeDidBlock,
)
from .blocks.media import DocumentDownloadBlock
from .blocks.strategy import (
    CommitmentsBlock,
    LegalDutiesBlock,
    ObjectivesBlock,
    OutcomesBlock,
    PrinciplesBlock,
    VisionBlock,
)
from .blocks.survey import QUESTION_BLOCKS, ConditionBlock, PageBreakBlock, SurveyBlock
from .equality import EQUALITY_QUESTIONS


class BlockFactory(wagtail_factories.StructBlockFactory):
    """A StructBlock's value, normalised by the block, with every field filled in."""

    class Meta:
        abstract = True

    @classmethod
    def _construct_struct_value(cls, block_class, params):
        block = block_class()
        unknown = set(params) - set(block.child_blocks)
        if unknown:
            raise TypeError(f"{block_class.__name__} has no field {', '.join(sorted(unknown))}")
        value = block.normalize(
            {
                name: params[name] if name in params else child_block.get_default()
                for name, child_block in block.child_blocks.items()
            }
        )
        # Through JSON and back, as a page loaded from the database holds it: dates as
        # dates, and every stream child and list item with its id.
        stored = json.loads(json.dumps(block.get_prep_value(value), cls=DjangoJSONEncoder))
        return block.to_python(stored)


class RichTextFactory(wagtail_factories.blocks.BlockFactory):
    """Rich text from HTML, such as the "text" block of a page."""

    value = "<p>Some text.</p>"

    class Meta:
        model = RichTextBlock

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return block_class().normalize(kwargs["value"])


# Content ----------------------------------------------------------------------------


class HeadingBlockFactory(BlockFactory):
    text = factory.Sequence(lambda n: f"Heading {n}")
    level = "h2"

    class Meta:
        model = HeadingBlock


class CalloutBlockFactory(BlockFactory):
    style = "inset"
    heading = ""
    text = "<p>Please note.</p>"

    class Meta:
        model = CalloutBlock


class KeyDatesBlockFactory(BlockFactory):
    """`dates`: dicts of date ("YYYY-MM-DD"), precision, label and description."""

    heading = "Key dates"

    class Meta:
        model = KeyDatesBlock


class AccordionBlockFactory(BlockFactory):
    """`items`: dicts of question and answer (HTML)."""

    heading = ""

    class Meta:
        model = AccordionBlock


class QuoteBlockFactory(BlockFactory):
    quote = "Start early."
    attribution = ""

    class Meta:
        model = QuoteBlock


class ContactBlockFactory(BlockFactory):
    heading = "Contact us"
    team = "The engagement team"
    email = "engagement@example.org"

    class Meta:
        model = ContactBlock


class DocumentDownloadBlockFactory(BlockFactory):
    document = factory.SubFactory(wagtail_factories.DocumentFactory)

    class Meta:
        model = DocumentDownloadBlock


class HouseRulesBlockFactory(BlockFactory):
    class Meta:
        model = HouseRulesBlock


# Strategy -----------------------------------------------------------------------------


class VisionBlockFactory(BlockFactory):
    statement = "Residents shape the decisions that affect them."

    class Meta:
        model = VisionBlock


class OutcomesBlockFactory(BlockFactory):
    outcomes = factory.LazyFunction(lambda: ["Residents are heard."])

    class Meta:
        model = OutcomesBlock


class ObjectivesBlockFactory(BlockFactory):
    """`objectives`: dicts of title (may be empty) and description."""

    objectives = factory.LazyFunction(lambda: [{"title": "", "description": "Listen well."}])

    class Meta:
        model = ObjectivesBlock


class PrinciplesBlockFactory(BlockFactory):
    """`principles`: dicts of name and description."""

    principles = factory.LazyFunction(lambda: [{"name": "Open", "description": "We say why."}])

    class Meta:
        model = PrinciplesBlock


class CommitmentsBlockFactory(BlockFactory):
    commitments = factory.LazyFunction(lambda: ["We publish what changed."])

    class Meta:
        model = CommitmentsBlock


class LegalDutiesBlockFactory(BlockFactory):
    """`duties`: dicts of legislation, provision, summary and points (a list of text)."""

    class Meta:
        model = LegalDutiesBlock


# Feedback -----------------------------------------------------------------------------


class ConditionBlockFactory(BlockFactory):
    """Always shown. Give `question` and `option` (an earlier question's block id and
    one of its option ids) to show a question only after that answer; or, before the
    ids exist, `question_key` and `answer` (a question's short name and the answer's
    wording), which the survey links to them when read and the editor when saved."""

    question = ""
    option = ""
    question_key = ""
    answer = ""

    class Meta:
        model = ConditionBlock


class QuestionBlockFactory(BlockFactory):
    label = factory.Sequence(lambda n: f"Question {n}?")
    hint = ""
    required = True
    key = ""
    condition = factory.SubFactory(ConditionBlockFactory)

    class Meta:
        abstract = True


def _question_factory(block):
    attributes = {"Meta": type("Meta", (), {"model": type(block)})}
    if "options" in block.child_blocks:
        attributes["options"] = factory.LazyFunction(lambda: ["First option", "Second option"])
    return type(f"{type(block).__name__}Factory", (QuestionBlockFactory,), attributes)


# One factory per question kind, made from its block, so a new kind needs none.
QUESTION_FACTORIES = {name: _question_factory(block) for name, block in QUESTION_BLOCKS}


class PageBreakBlockFactory(BlockFactory):
    """A new step of the survey; give condition__question_key and condition__answer
    to show the step only then."""

    title = ""
    condition = factory.SubFactory(ConditionBlockFactory)

    class Meta:
        model = PageBreakBlock


class EqualityMonitoringBlockFactory(BlockFactory):
    enabled = True
    introduction = "Optional questions about you."
    characteristics = factory.LazyFunction(lambda: [q.code for q in EQUALITY_QUESTIONS])

    class Meta:
        model = EqualityMonitoringBlock


class SurveyBlockFactory(BlockFactory):
    """`questions`: (kind, value) pairs, as ``question()`` gives them."""

    heading = "Have your say"
    introduction = "<p>It takes about ten minutes.</p>"
    privacy_notice = "<p>Only the engagement team sees your answers.</p>"
    questions = factory.LazyFunction(lambda: [question("short_text", "What do you think?")])
    equality_monitoring = factory.SubFactory(EqualityMonitoringBlockFactory)
    one_response_per_email = False
    allow_save_and_resume = True
    submit_label = "Send my response"

    class Meta:
        model = SurveyBlock


class QuickPollBlockFactory(BlockFactory):
    question = "Should the library open on Sundays?"
    options = factory.LazyFunction(lambda: ["Yes", "No"])

    class Meta:
        model = QuickPollBlock


class YouSaidWeDidBlockFactory(BlockFactory):
    """`items`: dicts of you_said and we_did."""

    heading = "You said, we did"

    class Meta:
        model = YouSaidWeDidBlock


class CommentsBlockFactory(BlockFactory):
    heading = "Comments"
    introduction = "Share your view."
    allow_anonymous = False

    class Meta:
        model = CommentsBlock


class PublishedAnswersBlockFactory(BlockFactory):
    class Meta:
        model = PublishedAnswersBlock


# The factory for each block type of the plugin's streams (streams.py), by its name there.
BLOCK_FACTORIES = {
    "heading": HeadingBlockFactory,
    "text": RichTextFactory,
    "callout": CalloutBlockFactory,
    "key_dates": KeyDatesBlockFactory,
    "accordion": AccordionBlockFactory,
    "document": DocumentDownloadBlockFactory,
    "quote": QuoteBlockFactory,
    "contact": ContactBlockFactory,
    "house_rules": HouseRulesBlockFactory,
    "vision": VisionBlockFactory,
    "outcomes": OutcomesBlockFactory,
    "objectives": ObjectivesBlockFactory,
    "principles": PrinciplesBlockFactory,
    "commitments": CommitmentsBlockFactory,
    "legal_duties": LegalDutiesBlockFactory,
    "survey": SurveyBlockFactory,
    "quick_poll": QuickPollBlockFactory,
    "you_said_we_did": YouSaidWeDidBlockFactory,
    "comments": CommentsBlockFactory,
    "published_answers": PublishedAnswersBlockFactory,
}


def child(block_type, **fields):
    """A (type, value) pair for a page's stream; "text" takes its HTML as `value`."""
    return (block_type, BLOCK_FACTORIES[block_type](**fields))


def question(kind, label, **fields):
    """A (kind, value) pair for a survey's `questions`."""
    return (kind, QUESTION_FACTORIES[kind](label=label, **fields))


def page_break(title="", **fields):
    """A page break for a survey's `questions`: the questions after it are a new step."""
    return ("page_break", PageBreakBlockFactory(title=title, **fields))
