"""Small builders for StreamField data, so the demo pages read like content."""

from django.utils.html import escape


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def text(*paragraphs):
    return {"type": "text", "value": "".join(f"<p>{escape(p)}</p>" for p in paragraphs)}


def bullets(items, intro=None):
    html = f"<p>{escape(intro)}</p>" if intro else ""
    html += "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"
    return {"type": "text", "value": html}


def numbered(items, intro=None):
    html = f"<p>{escape(intro)}</p>" if intro else ""
    html += "<ol>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ol>"
    return {"type": "text", "value": html}


def callout(body, heading_text="", style="inset"):
    return {
        "type": "callout",
        "value": {"style": style, "heading": heading_text, "text": f"<p>{escape(body)}</p>"},
    }


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
    return {
        "type": "key_dates",
        "value": {"heading": heading_text, "dates": [key_date(*item) for item in dates]},
    }


def faq(items, heading_text=""):
    return {
        "type": "accordion",
        "value": {
            "heading": heading_text,
            "items": [
                {"question": question, "answer": f"<p>{escape(answer)}</p>"}
                for question, answer in items
            ],
        },
    }


def quote(words, attribution=""):
    return {"type": "quote", "value": {"quote": words, "attribution": attribution}}


def contact(team, email, heading_text="Contact us"):
    return {
        "type": "contact",
        "value": {
            "heading": heading_text,
            "team": team,
            "email": email,
            "phone": "",
            "address": "",
            "hours": "",
        },
    }
