"""Who issued a report and when (src/converter/imprint.py), on small pages and on the corpus."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, SAMPLE, converted, corpus_pdfs
from converter.entities import Gazetteer, load_gazetteer
from converter.extract import _creation_year, open_pdf
from converter.imprint import find_date_year, find_imprint
from converter.model import (
    Document,
    Line,
    PageInfo,
    PageLayout,
    Paragraph,
    Run,
    Source,
    Table,
    TableCell,
    TableRegion,
)

EXPECTED = Path(__file__).parent / "expected" / "imprint.yaml"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def line(text: str, top: float, x0: float = 72.0, size: float = 10.0, page: int = 1) -> Line:
    return Line(page, (Run(text, size, False),), x0, x0 + 5 * len(text), top, top + size,
                top + 0.8 * size, size, False)


def column(texts: list[str], top: float = 100.0, x0: float = 72.0, page: int = 1
           ) -> tuple[Line, ...]:
    """Lines one under the other, as a block (12 pt apart)."""
    return tuple(line(t, top + 12 * i, x0, page=page) for i, t in enumerate(texts))


def page(number: int, body: tuple[Line, ...] = (), furniture: tuple[Line, ...] = ()
         ) -> PageLayout:
    return PageLayout(number, 595.0, 842.0, None, body, (), furniture)


def document(title: str = "Rapport", cover: tuple[str, ...] = ()) -> Document:
    paragraphs = tuple(
        Paragraph(f"p1-{n}", None, 1, (1,), "paragraph", text, (), f"r/#p1-{n}")
        for n, text in enumerate(cover, start=1))
    return Document(title, "rapport", Source("rapport.pdf", 1, "0" * 64),
                    (PageInfo(1, "1", "page-1", "r/#page-1"),), (), paragraphs, ())


def imprint(gazetteer: Gazetteer, *layouts: PageLayout, doc: Document | None = None,
            created: str = ""):
    return find_imprint(doc or document(), list(layouts), gazetteer, created)


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "year"), [
    ("06 augustus 2020", "2020"), ("16 MEI 2022", "2022"), ("Diemen, August 28th, 2020", "2020"),
    ("Datum: 01/09/2020", "2020"), ("2021-11-25", "2021"), ("Versie 0.5, 19 mei 2020", "2020"),
    ("Vergaderjaar 2019–2020", None), ("Fiche 5", None),
])
def test_dates(text: str, year: str | None) -> None:
    found = find_date_year(text)
    assert (found[0] if found else None) == year


def test_creation_date_of_the_metadata() -> None:
    assert _creation_year("D:20200806122358+02'00'") == "2020"
    assert _creation_year("20110301") == "2011"
    assert _creation_year("gisteren") == _creation_year(None) == ""
    assert open_pdf(SAMPLE).created == "2000"  # the generated sample's fixed date


def test_year_from_a_labelled_date_before_anything_else(gazetteer: Gazetteer) -> None:
    cover = page(1, column(["Datum\tOns kenmerk", "06 augustus 2020\tz2020-11824"])
                 + column(["14 juli 2019"], top=400))
    assert imprint(gazetteer, cover, doc=document("Rapport 2018"), created="2021").year == "2020"


def test_a_date_under_another_label_dates_something_else(gazetteer: Gazetteer) -> None:
    cover = page(1, column(["b) Datum ontvangst Commissiedocument", "25 november 2021"]))
    assert imprint(gazetteer, cover, created="2022").year == "2022"
    # a date standing alone on the cover is the report's
    cover = page(1, column(["Ethische analyse", "ter aanvulling op onderzoek"])
                 + column(["14 juli 2020"], top=300))
    assert imprint(gazetteer, cover, created="2022").year == "2020"


def test_year_from_the_title_then_the_metadata(gazetteer: Gazetteer) -> None:
    cover = page(1, column(["Vergaderjaar 2019–2020 is geen datum van het rapport zelf, "
                            "maar een zitting van de Kamer"]))
    assert imprint(gazetteer, cover, doc=document("De Staat van Migratie 2023"),
                   created="2000").year == "2023"
    assert imprint(gazetteer, cover, created="2000").year == "2000"
    assert imprint(gazetteer, cover).year == ""


# --- issuers ----------------------------------------------------------------------------------


def test_colophon_names_the_publisher(gazetteer: Gazetteer) -> None:
    colophon = page(2, column(["Uitgave", "Centerdata", "info@centerdata.nl"], top=576)
                    + column(["© Centerdata, Tilburg, 2026"], top=700))
    cover = page(1, column(["Rapport door Centerdata in opdracht van de", "Kiesraad"]))
    found = imprint(gazetteer, cover, colophon)
    assert found.publisher == ("Centerdata",)
    assert found.year == "2026"
    copyright_only = page(2, column(["Copyright © 2020 NFIR BV"]))
    assert imprint(gazetteer, page(1), copyright_only).publisher == ("NFIR BV",)


def test_a_lettered_list_item_is_no_copyright_line(gazetteer: Gazetteer) -> None:
    lettered = page(2, column(["(c) Beoordeling van de noodzaak van de app"]))
    assert imprint(gazetteer, page(1), lettered).publisher == ()


def test_masthead_of_a_kamerstuk(gazetteer: Gazetteer) -> None:
    cover = page(1, column(["Vergaderjaar 2019–2020"], top=90),
                 furniture=(line("Tweede Kamer der Staten-Generaal\t2", 30),))
    assert imprint(gazetteer, cover).publisher == ("Tweede Kamer der Staten-Generaal",)
    # a heading that merely starts with a body's name is no masthead
    cover = page(1, (line("Raad van State: jaarverslag 2022", 30),))
    assert imprint(gazetteer, cover).publisher == ()


def test_a_letter_is_issued_by_who_signs_it(gazetteer: Gazetteer) -> None:
    body = column(["De toenmalige minister van Justitie heeft met het oog daarop in",
                   "zijn brief een onderzoek aangekondigd."])
    last = page(3, column(["De Staatssecretaris van Veiligheid en Justitie,", "F. Teeven"],
                          top=300))
    assert imprint(gazetteer, page(1, body), page(2), last).publisher == (
        "Ministerie van Veiligheid en Justitie",)
    closing = page(3, column(["Hoogachtend,", "Autoriteit Persoonsgegevens,", "Namens deze,"]))
    assert imprint(gazetteer, page(1), page(2), closing).publisher == (
        "Autoriteit Persoonsgegevens",)
    # the minister a letter is addressed to signs nothing
    addressed = page(1, furniture=column(["De Minister van Volksgezondheid, Welzijn en Sport",
                                          "De heer H.M. De Jonge", "Postbus 20350"]))
    assert imprint(gazetteer, addressed, page(2), page(3)).publisher == ()


def test_a_sender_address_block(gazetteer: Gazetteer) -> None:
    last = page(22, furniture=column(["Autoriteit Persoonsgegevens",
                                      "Postbus 93374, 2509 AJ Den Haag",
                                      "autoriteitpersoonsgegevens.nl"], x0=369))
    assert imprint(gazetteer, page(1), last).publisher == ("Autoriteit Persoonsgegevens",)


def test_cover_ministries(gazetteer: Gazetteer) -> None:
    doc = document(cover=(
        "Rapportage over migratie (De Staat van Migratie 2023, Rijksoverheid)",
        "Ministerie van Justitie en Veiligheid",
        "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties Ministerie van Buitenlandse "
        "Zaken",
        "Economische en Financiële Raad",  # the Council the proposal goes to: not Dutch
        "Prof.dr. Rinie van Est, Rathenau Instituut en TU Eindhoven",  # an affiliation
    ))
    assert imprint(gazetteer, page(1), doc=doc).publisher == (
        "Ministerie van Justitie en Veiligheid",
        "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
        "Ministerie van Buitenlandse Zaken")


def test_the_client_is_not_the_issuer(gazetteer: Gazetteer) -> None:
    doc = document(cover=("Ministerie van Volksgezondheid, Welzijn en Sport",))
    client = page(2, column(["Client\tMinisterie van Volksgezondheid, Welzijn en Sport"]))
    assert imprint(gazetteer, page(1), client, doc=doc).publisher == ()
    assert imprint(gazetteer, page(1), page(2), doc=doc).publisher == (
        "Ministerie van Volksgezondheid, Welzijn en Sport",)
    commissioned = page(1, column(["Rapport door Bureau X in opdracht van de", "Kiesraad"]))
    assert imprint(gazetteer, commissioned, doc=document(cover=("Kiesraad",))).publisher == ()


def test_a_client_named_in_a_table_is_not_the_issuer(gazetteer: Gazetteer) -> None:
    """A front page's "Client | Ministerie van …" is often a two-column table: its row reads
    as one label and value, whatever the cells' left edges."""
    doc = document(cover=("Ministerie van Volksgezondheid, Welzijn en Sport",))
    label = line("Client", 100.0, 72.0, page=2)
    value = line("Ministerie van Volksgezondheid, Welzijn en Sport", 100.0, 200.0, page=2)
    table = Table((TableCell(0, 0, ""), TableCell(0, 1, "")), rows=1, columns=2)
    region = TableRegion(2, 0, (72.0, 100.0, 500.0, 112.0), table, ((label,), (value,)))
    client = replace(page(2), tables=(region,))
    assert imprint(gazetteer, page(1), client, doc=doc).publisher == ()
    assert imprint(gazetteer, page(1), page(2), doc=doc).publisher == (
        "Ministerie van Volksgezondheid, Welzijn en Sport",)


# --- the corpus -------------------------------------------------------------------------------


def _expected() -> dict[str, dict]:
    return yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))


def test_every_input_has_a_hand_checked_imprint() -> None:
    assert {SAMPLE.name, *(p.name for p in corpus_pdfs())} <= set(_expected())


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(_expected()))
def test_imprint_of_each_report(name: str) -> None:
    path = SAMPLE if name == SAMPLE.name else CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} not there")
    want = _expected()[name]
    document = converted(path)
    assert (list(document.publisher), document.year) == (want["publisher"], want["year"])
