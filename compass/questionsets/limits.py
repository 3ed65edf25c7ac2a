"""Length limits of a question set's texts: one definition for the validator, models and forms.

Each limit is the database column's size, so a file that validates always loads, on SQLite
(which does not enforce lengths) and PostgreSQL (which does) alike. `STATEMENT_TEXT` is the
validator's limit for a statement; the column is wider so that English can run longer.
"""

from __future__ import annotations

KEY = 80               # slug and every key: [a-z0-9-], starts and ends with a letter or digit
TITLE = 200            # set title (and title_en)
MUNICIPALITY = 200
ELECTION = 200
LANGUAGE = 8           # a BCP 47 tag such as "sv" or "nb-NO"
CODED_BY = 200
SOURCE_TITLE = 300
PUBLISHER = 300
URL = 1000
PARTY_NAME = 200
SHORT_NAME = 80
COLOUR = 7             # "#rrggbb"
THEME = 120
STATEMENT_TEXT = 200   # what the validator allows for a statement (and its English text)
STATEMENT_COLUMN = 400
READABLE_STATEMENT = 140  # longer statements get a readability warning, not an error
SOURCE_TEXT = 2 * 1024 * 1024  # a source document's text, in bytes of UTF-8 (pasted or uploaded)
FORM_ROOM = 1024 * 1024  # what a form may send besides that text (the request limit adds both)

# field name -> limit, for the fields of each part of a set that the validator checks
SET_FIELDS = {"slug": KEY, "title": TITLE, "title_en": TITLE, "municipality": MUNICIPALITY,
              "election": ELECTION, "language": LANGUAGE, "coded_by": CODED_BY}
SOURCE_FIELDS = {"key": KEY, "title": SOURCE_TITLE, "title_en": SOURCE_TITLE,
                 "publisher": PUBLISHER, "url": URL}
PARTY_FIELDS = {"key": KEY, "name": PARTY_NAME, "short_name": SHORT_NAME,
                "name_en": PARTY_NAME, "short_name_en": SHORT_NAME}
STATEMENT_FIELDS = {"key": KEY, "theme": THEME, "theme_en": THEME, "text": STATEMENT_TEXT,
                    "text_en": STATEMENT_TEXT}
