"""Format detection and dispatch: `detect_format` and `read_notices` on one real file of each format and on
files that are no notices at all."""

import codecs
from pathlib import Path

import pytest

from coursive.procurement.readers import READERS, UnknownFormatError, detect_format, read_notices
from coursive.procurement.records import NoticeRecord, Source

DATA = Path(__file__).resolve().parents[3] / "data" / "procurement"
FIXTURES = Path(__file__).parent / "fixtures"
ONE_OF_EACH = [
    (DATA / "eforms_xml" / "19-090974-001-EXP.xml", Source.TED_EFORMS),
    (DATA / "eforms_xml" / "18-412273-001-EXP.xml", Source.TED_EFORMS),
    (DATA / "eforms_xml" / "20-155018-001-EXP.xml", Source.TED_EFORMS),
    (DATA / "ted_xml" / "19-090974-001-EXP.xml", Source.TED_LEGACY),
    (DATA / "boamp_xml" / "test-pub.xml", Source.BOAMP),
    (DATA / "decp" / "decp_data.gouv.fr_pes_subset.json", Source.DECP),
]


@pytest.mark.parametrize(("path", "source"), ONE_OF_EACH)
def test_each_format_is_detected_from_the_start_of_its_file(path, source):
    assert detect_format(path) is source


@pytest.mark.parametrize(("path", "source"), ONE_OF_EACH)
def test_read_notices_hands_the_file_to_the_reader_of_its_format(path, source):
    first = next(read_notices(path))

    assert isinstance(first, NoticeRecord)
    assert first.source is source


def test_every_source_has_a_reader():
    assert set(READERS) == set(Source)


def test_a_damaged_file_is_still_detected_so_its_reader_can_report_it():
    assert detect_format(FIXTURES / "boamp_latin1_declared_utf8.xml") is Source.BOAMP
    assert detect_format(FIXTURES / "decp_truncated.json") is Source.DECP


def test_a_byte_order_mark_does_not_hide_the_format(tmp_path):
    path = tmp_path / "bom.xml"
    path.write_bytes(codecs.BOM_UTF8 + (DATA / "boamp_xml" / "test-pub.xml").read_bytes())

    assert detect_format(path) is Source.BOAMP


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<?xml version='1.0'?>\n<!-- a page -->\n<html><body>Bonjour</body></html>", "de racine <html>"),
        ('{"records": [{"id": "1"}]}', "ni du JSON DECP ni du XML"),
        ("code,label\n79822500,Graphic design\n", "ni du JSON DECP ni du XML"),
    ],
)
def test_an_unknown_file_is_refused_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "unknown.dat"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(UnknownFormatError, match=message) as refused:
        detect_format(path)

    assert "unknown.dat n'est pas un fichier d'avis que Coursive sait lire" in str(refused.value)
    with pytest.raises(UnknownFormatError):
        read_notices(path)
