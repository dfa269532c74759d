"""The API's blueprints: flask-smorest's, with a parser that refuses unknown query parameters (422 naming them)
as it refuses unknown body fields, instead of webargs' default of ignoring them (a misspelt ``?mentoin=`` would
otherwise answer the unfiltered list as if it were the filtered one)."""

from __future__ import annotations

import flask_smorest
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser

_UNKNOWN = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": RAISE, "querystring": RAISE}


class StrictParser(FlaskParser):
    def __init__(self) -> None:
        super().__init__()
        self.DEFAULT_UNKNOWN_BY_LOCATION = dict(_UNKNOWN)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = StrictParser()
