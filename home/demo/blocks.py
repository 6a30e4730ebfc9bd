"""Small builders for StreamField data, so the demo pages read like content."""

import uuid

from django.utils.html import escape


def new_id():
    return str(uuid.uuid4())


def block(block_type, value):
    return {"type": block_type, "value": value, "id": new_id()}


def items(values):
    """ListBlock items with their own ids, as Wagtail stores them."""
    return [{"type": "item", "value": value, "id": new_id()} for value in values]


def heading(text, level="h2"):
    return block("heading", {"text": text, "level": level})


def text(*paragraphs):
    return block("text", "".join(f"<p>{escape(p)}</p>" for p in paragraphs))


def bullets(entries, intro=None):
    html = f"<p>{escape(intro)}</p>" if intro else ""
    html += "<ul>" + "".join(f"<li>{escape(entry)}</li>" for entry in entries) + "</ul>"
    return block("text", html)


def numbered(entries, intro=None):
    html = f"<p>{escape(intro)}</p>" if intro else ""
    html += "<ol>" + "".join(f"<li>{escape(entry)}</li>" for entry in entries) + "</ol>"
    return block("text", html)


def callout(body, heading_text="", style="inset"):
    return block(
        "callout", {"style": style, "heading": heading_text, "text": f"<p>{escape(body)}</p>"}
    )


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
    return block(
        "key_dates", {"heading": heading_text, "dates": items([key_date(*d) for d in dates])}
    )


def faq(entries, heading_text=""):
    return block(
        "accordion",
        {
            "heading": heading_text,
            "items": items(
                [
                    {"question": question, "answer": f"<p>{escape(answer)}</p>"}
                    for question, answer in entries
                ]
            ),
        },
    )


def quote(words, attribution=""):
    return block("quote", {"quote": words, "attribution": attribution})


def contact(team, email, heading_text="Contact us"):
    return block(
        "contact",
        {
            "heading": heading_text,
            "team": team,
            "email": email,
            "phone": "",
            "address": "",
            "hours": "",
        },
    )


# Strategy blocks


def vision(statement, attribution="", heading_text="Our vision"):
    return block(
        "vision", {"heading": heading_text, "statement": statement, "attribution": attribution}
    )


def outcomes(entries, introduction="", heading_text="What success looks like"):
    return block(
        "outcomes",
        {"heading": heading_text, "introduction": introduction, "outcomes": items(entries)},
    )


def objectives(entries, introduction="", heading_text="Objectives"):
    """`entries` are descriptions, or (title, description) pairs."""
    values = [
        {"title": entry[0], "description": entry[1]}
        if isinstance(entry, tuple)
        else {"title": "", "description": entry}
        for entry in entries
    ]
    return block(
        "objectives",
        {"heading": heading_text, "introduction": introduction, "objectives": items(values)},
    )


def principles(entries, introduction="", heading_text="Our principles"):
    return block(
        "principles",
        {
            "heading": heading_text,
            "introduction": introduction,
            "principles": items([{"name": n, "description": d} for n, d in entries]),
        },
    )


def commitments(entries, introduction="", heading_text="Our commitments"):
    return block(
        "commitments",
        {"heading": heading_text, "introduction": introduction, "commitments": items(entries)},
    )


def legal_duties(duties, heading_text="Legal duties"):
    """`duties` are (legislation, provision, summary, points) tuples."""
    return block(
        "legal_duties",
        {
            "heading": heading_text,
            "duties": items(
                [
                    {
                        "legislation": legislation,
                        "provision": provision,
                        "summary": summary,
                        "points": items(points),
                    }
                    for legislation, provision, summary, points in duties
                ]
            ),
        },
    )


def you_said_we_did(pairs, heading_text="You said, we did"):
    return block(
        "you_said_we_did",
        {
            "heading": heading_text,
            "items": items([{"you_said": said, "we_did": did} for said, did in pairs]),
        },
    )


# Feedback blocks


def question(kind, label, *, required=True, hint="", key="", condition=None, **extra):
    return {
        "type": kind,
        "id": new_id(),
        "value": {
            "label": label,
            "hint": hint,
            "required": required,
            "key": key,
            "condition": {
                "question_key": (condition or ("", ""))[0],
                "answer": (condition or ("", ""))[1],
            },
            **extra,
        },
    }


def survey(questions, *, heading_text, introduction, privacy_notice, equality_codes):
    return block(
        "survey",
        {
            "heading": heading_text,
            "introduction": f"<p>{escape(introduction)}</p>",
            "privacy_notice": f"<p>{escape(privacy_notice)}</p>",
            "questions": questions,
            "equality_monitoring": {
                "enabled": bool(equality_codes),
                "introduction": (
                    "These questions help us check we are hearing from everyone. They are "
                    "optional and are never linked to your other answers."
                ),
                "characteristics": list(equality_codes),
            },
            "one_response_per_email": False,
            "allow_save_and_resume": True,
            "submit_label": "Send my response",
        },
    )


def quick_poll(question_text, option_labels):
    return block("quick_poll", {"question": question_text, "options": items(option_labels)})


def comments(heading_text="Join the conversation", allow_anonymous=True):
    return block(
        "comments",
        {
            "heading": heading_text,
            "introduction": (
                "Share your view with others. A moderator checks every comment before it appears."
            ),
            "allow_anonymous": allow_anonymous,
        },
    )
