"""The citizens' panel: the member model, signing up, leaving, the member's page,
personal data and retention, and the staff report of the panel's make-up."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from consultation_blocks.models import PanelMember, PanelMemberStatus
from consultation_blocks.questions import normalise_postcode_district


@pytest.mark.parametrize(
    ("typed", "district"),
    [
        ("sk14", "SK14"),
        (" SK14 ", "SK14"),
        ("E1W", "E1W"),
        ("M1", "M1"),
        ("EC1A", "EC1A"),
        ("SK14 1AB", "SK14"),
        ("sk141ab", "SK14"),
        ("", None),
        ("QQ1", None),
        ("SK14X1", None),
        ("1234", None),
        ("SK14\x00", None),
    ],
)
def test_postcode_districts_are_read_from_a_district_or_a_full_postcode(typed, district):
    assert normalise_postcode_district(typed) == district


@pytest.mark.django_db
def test_active_members_are_the_confirmed_ones():
    pending = PanelMember.objects.create(email="pending@example.com")
    confirmed = PanelMember.objects.create(
        email="member@example.com", status=PanelMemberStatus.CONFIRMED
    )
    PanelMember.objects.create(status=PanelMemberStatus.LEFT)
    assert pending.status == PanelMemberStatus.PENDING
    assert list(PanelMember.objects.active()) == [confirmed]
    assert "example" not in str(confirmed)


@pytest.mark.django_db
def test_one_membership_per_address_but_people_who_left_may_join_again():
    PanelMember.objects.create(email="someone@example.com", status=PanelMemberStatus.LEFT)
    PanelMember.objects.create(email="someone@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        PanelMember.objects.create(email="someone@example.com")


@pytest.mark.django_db
def test_the_profile_holds_only_the_equality_questions_and_their_options():
    member = PanelMember(email="a@example.com", equality_profile={"age": "25_34"})
    member.full_clean()
    for bad in ({"age": "200"}, {"shoe_size": "9"}, ["age"]):
        member.equality_profile = bad
        with pytest.raises(ValidationError):
            member.full_clean()
    member.equality_profile = {}
    member.postcode_district = "sk14"
    with pytest.raises(ValidationError):
        member.full_clean()
