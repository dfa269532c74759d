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

#: What is left as it is: comments, raw-text and code elements (with their content), and every tag.
_VERBATIM = re.compile(
    r"<!--.*?-->|<(script|style|pre|code|textarea|kbd|samp)\b.*?</\1\s*>|<[^>]*>", re.DOTALL | re.IGNORECASE
)
_BEFORE_COLON = re.compile(r"[ \t\r\n]+(?=:)")
_BEFORE_HIGH = re.compile(r"[ \t\r\n\u00a0]+(?=[;!?»])")
_AFTER_GUILLEMET = re.compile(r"«[ \t\r\n\u00a0]*")
_APOSTROPHE = re.compile(r"(?<=\w)(?:'|&#39;|&#x27;)(?=\w)")


def typeset_text(text: str) -> str:
    """French spacing and apostrophes in a run of text (no markup in it)."""
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _BEFORE_HIGH.sub(NNBSP, text)
    text = _AFTER_GUILLEMET.sub("«" + NNBSP, text)
    return _APOSTROPHE.sub("’", text)


def typeset(html: str) -> str:
    """``typeset_text`` on every run of text of an HTML document, the markup left untouched."""
    parts: list[str] = []
    start = 0
    for verbatim in _VERBATIM.finditer(html):
        parts.append(typeset_text(html[start : verbatim.start()]))
        parts.append(verbatim.group())
        start = verbatim.end()
    parts.append(typeset_text(html[start:]))
    return "".join(parts)


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
