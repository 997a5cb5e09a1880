"""Notice readers: one module per source format, each turning a file into a stream of NoticeRecord or
ReadError (see `records.py`).

A reader module exposes `SOURCE`, `recognises(head)` (does the start of a file look like its format?) and
`read(path)`. Adding a source is one new module and one line in `READERS`.
"""

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from coursive.procurement.readers import boamp, decp, eforms, ted_legacy
from coursive.procurement.readers.common import FileHead
from coursive.procurement.records import NoticeRecord, ReadError, Source

READERS = {module.SOURCE: module for module in (eforms, ted_legacy, boamp, decp)}

# Enough to reach the root element past an XML declaration, comments and a doctype, and the first key of a
# DECP file.
HEAD_SIZE = 8192
# The first element of an XML document, past its declaration, processing instructions, comments and doctype.
_ROOT = re.compile(r"^\s*(?:(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)\s*)*<([A-Za-z_][\w.:-]*)", re.DOTALL)


class UnknownFormatError(ValueError):
    """A file none of the readers recognises."""


def file_head(path: Path) -> FileHead:
    """The start of a file, decoded leniently: a wrong byte must not hide what the format is."""
    with Path(path).open("rb") as handle:
        data = handle.read(HEAD_SIZE)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")
    match = _ROOT.match(text)
    return FileHead(text=text, root=match[1].split(":")[-1] if match else "")


def detect_format(path: str | Path) -> Source:
    """The source format of a notice file, from its first kilobytes: DECP JSON (a "marches" list), TED eForms
    (a UBL ContractNotice, ContractAwardNotice or PriorInformationNotice), legacy TED XML (TED_EXPORT) or
    BOAMP XML (ANNONCE). Raises UnknownFormatError for anything else."""
    head = file_head(Path(path))
    for source, module in READERS.items():
        if module.recognises(head):
            return source
    described = f"un document XML de racine <{head.root}>" if head.root else "ni du JSON DECP ni du XML"
    raise UnknownFormatError(
        f"{Path(path).name} n'est pas un fichier d'avis que Coursive sait lire : c'est {described} ; formats "
        "attendus : JSON DECP, XML TED eForms, ancien XML TED (TED_EXPORT) ou XML BOAMP (ANNONCE)."
    )


def read_notices(path: str | Path) -> Iterator[NoticeRecord | ReadError]:
    """The notices of one file, whatever its format, as a stream: a record or a ReadError per notice."""
    return READERS[detect_format(path)].read(Path(path))
