"""The block factories that tests and the demo build pages with."""

import pytest

from consultation_blocks.blocks import ConsultationStreamBlock, StrategyStreamBlock
from consultation_blocks.factories import BLOCK_FACTORIES, QUESTION_FACTORIES, child, question
from consultation_blocks.surveys import surveys_in
from tests.factories import EVERY_QUESTION_KIND, ConsultationPageFactory

# Chosen from the media library or fetched from a video site: built by hand where needed.
WITHOUT_FACTORY = {"image", "video"}


def test_every_block_editors_can_add_has_a_factory():
    block_types = set(ConsultationStreamBlock().child_blocks) | set(
        StrategyStreamBlock().child_blocks
    )
    assert block_types - WITHOUT_FACTORY == set(BLOCK_FACTORIES)
    assert set(QUESTION_FACTORIES) == EVERY_QUESTION_KIND


@pytest.mark.django_db
def test_a_page_built_from_the_factories_keeps_their_ids_and_renders(client, consultation_index):
    survey = child(
        "survey",
        questions=[
            question(kind, f"A {kind} question?", statement="I agree.")
            if kind == "consent"
            else question(kind, f"A {kind} question?")
            for kind in sorted(EVERY_QUESTION_KIND)
        ],
    )
    built = [stream_child.id for stream_child in survey[1]["questions"]]
    ranking = next(c for c in survey[1]["questions"] if c.block_type == "ranking")
    options = [item.id for item in ranking.value["options"].bound_blocks]
    # Every block a consultation takes whose defaults make a whole block (these need
    # a document or at least one item).
    needs_more = {"survey", "document", "key_dates", "accordion", "you_said_we_did"}
    body = [survey] + [
        child(name)
        for name in sorted(ConsultationStreamBlock().child_blocks)
        if name in BLOCK_FACTORIES and name not in needs_more
    ]
    page = ConsultationPageFactory(parent=consultation_index, body=body)
    page.save_revision().publish()
    page.refresh_from_db()

    assert [c.block_type for c in page.body] == [name for name, _ in body]
    [stored] = surveys_in(page.body)
    assert [q.id for q in stored.questions] == built
    assert [option_id for option_id, _ in stored.questions_by_id[ranking.id].options] == options
    assert client.get(page.url).status_code == 200


def test_a_factory_refuses_a_field_its_block_does_not_have():
    with pytest.raises(TypeError, match="no field colour"):
        child("heading", text="Background", colour="red")
