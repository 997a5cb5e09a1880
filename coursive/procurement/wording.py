"""How the pure engines (matching, consortium, CPV suggestions) speak the reader's language without Django,
which the benchmarks run them without.

Their messages are French msgids marked where they are written, so that `makemessages` extracts them:
`gettext_noop` (one of Django's extraction keywords) for a text, and `ngettext` for the two forms of a text
about a count. Whoever shows them passes a `Translator`: the Django layer gives `django.utils.translation`,
whose `gettext` and `ngettext` follow the active language; without one, the French msgids are used as
written, so benchmarks and the engines' own tests read the same texts as before.
"""

import gettext
from typing import NamedTuple, Protocol


class Translator(Protocol):
    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


# The msgids themselves: French, one form for 1 and the other for any other count, as gettext does when no
# catalogue answers.
AS_WRITTEN: Translator = gettext.NullTranslations()


class Plural(NamedTuple):
    singular: str
    plural: str


def gettext_noop(message: str) -> str:
    return message


def ngettext(singular: str, plural: str) -> Plural:
    """Marks the two forms of a message about a count. Named after the keyword `makemessages` extracts both
    forms by: it translates nothing, `say_count` does, once the count is known."""
    return Plural(singular, plural)


def say(translator: Translator, message: str, **params) -> str:
    return translator.gettext(message).format(**params)


def say_count(translator: Translator, message: Plural, count: int, **params) -> str:
    return translator.ngettext(message.singular, message.plural, count).format(count=count, **params)
