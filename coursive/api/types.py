"""The value types every API input goes through, so bad input is refused before it reaches the database."""

from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field

# The largest primary key the database can hold: a bigger number could only crash the query.
MAX_ID = 2**63 - 1


def _clean_text(value: str) -> str:
    # PostgreSQL cannot store the NUL character and no database can store a lone surrogate: refusing them
    # here answers a 422 naming the field instead of a database error.
    if "\x00" in value:
        raise ValueError(_("Le caractère nul (\\x00) n'est pas accepté."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(_("Ce texte contient des caractères Unicode invalides.")) from error
    return value


Text = Annotated[str, AfterValidator(_clean_text)]
Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=60, description="Identifiant du pôle")]
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
