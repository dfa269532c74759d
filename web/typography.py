"""French typography, applied once to every HTML answer of the site (``typeset_response``), not page by page.

In the text of a page — never in tags, attributes, URLs, comments or ``<script>``, ``<style>``, ``<pre>``,
``<code>``, ``<textarea>`` — the rules of the Imprimerie nationale as the web usually follows them:

- a no-break space before « : » and a narrow no-break space before « ; ! ? », in place of an ordinary space
  (several spaces or a line break collapse into it);
- narrow no-break spaces inside « » (after « and before »);
- a typographic apostrophe (’) between two letters, in place of the straight one (or its HTML escape ``&#39;``).

``french_number`` groups thousands with a narrow no-break space (« 42 729 ») and writes the decimal comma; the
pages' ``num`` filter and the charts use it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Response, request

NBSP, NNBSP = "\u00a0", "\u202f"

#: What is left as it is (comments, raw-text and code elements with their content, every tag), or else what is
#: typeset: a run of spaces before high punctuation, an opening guillemet and its spaces, an apostrophe in a word.
_TOKEN = re.compile(
    r"(<!--.*?-->|<(script|style|pre|code|textarea|kbd|samp)\b.*?</\2\s*>|<[^>]*>)"
    r"|[ \t\r\n\u00a0]+(?=([:;!?»]))|(«)[ \t\r\n\u00a0]*|(?<=\w)(?:'|&#39;|&#x27;)(?=\w)",
    re.DOTALL | re.IGNORECASE,
)


def _typeset_token(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return match.group(1)
    if match.group(3) is not None:
        return NBSP if match.group(3) == ":" else NNBSP
    if match.group(4) is not None:
        return "«" + NNBSP
    return "’"


def typeset(html: str) -> str:
    """French spacing and apostrophes in the text of an HTML document (one pass), the markup left untouched."""
    return _TOKEN.sub(_typeset_token, html)


def typeset_text(text: str) -> str:
    """``typeset`` of a run of text (no markup in it)."""
    return typeset(text)


def typeset_response(response: Response) -> Response:
    """The ``after_request`` step: every HTML page typeset (the API's JSON and files are left alone)."""
    if (response.mimetype != "text/html" or response.direct_passthrough or response.is_streamed
            or request.path.startswith("/api/")):  # fmt: skip
        return response
    response.set_data(typeset(response.get_data(as_text=True)))
    return response


def french_number(value: Any) -> str:
    """« 42 729 », « 12,5 », « -3 » — thousands grouped by a narrow no-break space, the decimal comma; « — » for
    no value; a text that is no number is returned as it is."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    text = f"{number:f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-') or '0'):,}".replace(",", NNBSP)
    return sign + grouped + ("," + fraction if fraction else "")
