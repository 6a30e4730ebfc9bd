"""Small builders for StreamField data, so the demo pages read like content. Each gives
a (block type, value) pair made by the plugin's block factories, as the tests' are."""

from django.utils.html import escape

from consultation_blocks import factories
from consultation_blocks.factories import child


def heading(text, level="h2"):
    return child("heading", text=text, level=level)


def text(*paragraphs):
    return child("text", value="".join(f"<p>{escape(p)}</p>" for p in paragraphs))


def bullets(entries, intro=None):
    html = f"<p>{escape(intro)}</p>" if intro else ""
    html += "<ul>" + "".join(f"<li>{escape(entry)}</li>" for entry in entries) + "</ul>"
    return child("text", value=html)


def numbered(entries, intro=None):
    html = f"<p>{escape(intro)}</p>" if intro else ""
    html += "<ol>" + "".join(f"<li>{escape(entry)}</li>" for entry in entries) + "</ol>"
    return child("text", value=html)


def callout(body, heading_text="", style="inset"):
    return child("callout", style=style, heading=heading_text, text=f"<p>{escape(body)}</p>")


def key_date(when, label, description=""):
    """`when` is a date, or ("YYYY-MM", "month") where the source gives only the month."""
    if isinstance(when, tuple):
        month, precision = when
        return {
            "date": f"{month}-01",
            "precision": precision,
            "label": label,
            "description": description,
        }
    return {
        "date": when.isoformat(),
        "precision": "day",
        "label": label,
        "description": description,
    }


def key_dates(dates, heading_text="Key dates"):
    return child("key_dates", heading=heading_text, dates=[key_date(*d) for d in dates])


def faq(entries, heading_text=""):
    return child(
        "accordion",
        heading=heading_text,
        items=[
            {"question": question, "answer": f"<p>{escape(answer)}</p>"}
            for question, answer in entries
        ],
    )


def quote(words, attribution=""):
    return child("quote", quote=words, attribution=attribution)


def contact(team, email, heading_text="Contact us"):
    return child(
        "contact", heading=heading_text, team=team, email=email, phone="", address="", hours=""
    )


def house_rules(heading_text="The rules"):
    return child("house_rules", heading=heading_text)


# Strategy blocks


def vision(statement, attribution="", heading_text="Our vision"):
    return child("vision", heading=heading_text, statement=statement, attribution=attribution)


def outcomes(entries, introduction="", heading_text="What success looks like"):
    return child(
        "outcomes", heading=heading_text, introduction=introduction, outcomes=list(entries)
    )


def objectives(entries, introduction="", heading_text="Objectives"):
    """`entries` are descriptions, or (title, description) pairs."""
    return child(
        "objectives",
        heading=heading_text,
        introduction=introduction,
        objectives=[
            {"title": entry[0], "description": entry[1]}
            if isinstance(entry, tuple)
            else {"title": "", "description": entry}
            for entry in entries
        ],
    )


def principles(entries, introduction="", heading_text="Our principles"):
    return child(
        "principles",
        heading=heading_text,
        introduction=introduction,
        principles=[{"name": n, "description": d} for n, d in entries],
    )


def commitments(entries, introduction="", heading_text="Our commitments"):
    return child(
        "commitments", heading=heading_text, introduction=introduction, commitments=list(entries)
    )


def legal_duties(duties, heading_text="Legal duties"):
    """`duties` are (legislation, provision, summary, points) tuples."""
    return child(
        "legal_duties",
        heading=heading_text,
        duties=[
            {
                "legislation": legislation,
                "provision": provision,
                "summary": summary,
                "points": list(points),
            }
            for legislation, provision, summary, points in duties
        ],
    )


def you_said_we_did(pairs, heading_text="You said, we did"):
    return child(
        "you_said_we_did",
        heading=heading_text,
        items=[{"you_said": said, "we_did": did} for said, did in pairs],
    )


# Feedback blocks


def question(kind, label, *, condition=None, **fields):
    """`condition` is (question key, answer): show the question only after that answer."""
    if condition is not None:
        fields["condition"] = {"question_key": condition[0], "answer": condition[1]}
    return factories.question(kind, label, **fields)


def page_break(title, *, condition=None):
    """A new step of a survey; `condition` is (question key, answer): the step is shown
    only after that answer."""
    fields = {}
    if condition is not None:
        fields["condition"] = {"question_key": condition[0], "answer": condition[1]}
    return factories.page_break(title, **fields)


def survey(questions, *, heading_text, introduction, privacy_notice, equality_codes):
    return child(
        "survey",
        heading=heading_text,
        introduction=f"<p>{escape(introduction)}</p>",
        privacy_notice=f"<p>{escape(privacy_notice)}</p>",
        questions=questions,
        equality_monitoring={
            "enabled": bool(equality_codes),
            "introduction": (
                "These questions help us check we are hearing from everyone. They are "
                "optional and are never linked to your other answers."
            ),
            "characteristics": list(equality_codes),
        },
        one_response_per_email=False,
        allow_save_and_resume=True,
        submit_label="Send my response",
    )


def quick_poll(question_text, option_labels):
    return child("quick_poll", question=question_text, options=list(option_labels))


def comments(heading_text="Join the conversation", allow_anonymous=True):
    return child(
        "comments",
        heading=heading_text,
        introduction=(
            "Share your view with others. A moderator checks every comment before it appears."
        ),
        allow_anonymous=allow_anonymous,
    )
