"""What a citation of a report names besides its title: who issued it, and when.

The model carries ``publisher`` (the issuing ministries or organisation, a list) and
``year`` where the converter found them (converter/imprint.py: colophon, masthead, a letter's
signature, a letterhead, the cover's ministries; the year of the date on the cover). A site
can state or correct them in mkdocs.yml, ``extra.beleidslezer.reports.<folder>: {publisher:
…, year: …}``, which wins. Failing both, the year is taken from the title when it names one
("De Staat van Migratie 2023"), and the publisher is left out: a wrong issuer in a reference
is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def citation_facts(model: Mapping[str, Any], folder: str,
                   extra: Mapping[str, Any] | None = None) -> dict[str, str]:
    """``{"publisher": …, "year": …}`` for a report (either may be "")."""
    stated = (((extra or {}).get("beleidslezer") or {}).get("reports") or {}).get(folder) or {}
    publisher = stated.get("publisher") or model.get("publisher") or ""
    if isinstance(publisher, (list, tuple)):
        publisher = ", ".join(str(p) for p in publisher if p)
    year = str(stated.get("year") or model.get("year") or "")
    if not year:
        years = _YEAR.findall(str(model.get("title") or ""))
        year = years[-1] if years else ""
    return {"publisher": str(publisher), "year": year}


def how_to_cite(title: str, facts: Mapping[str, str], url: str) -> str:
    """Markdown for a report's home page: the reference for the report as a whole, and where
    each paragraph's own reference is. `url` is the page's address (absolute when the site
    has a `site_url`)."""
    from bl_text import escape

    parts = [escape(facts["publisher"])] if facts.get("publisher") else []
    parts.append(f"*{escape(title)}* ({escape(facts.get('year') or 'z.j.')})")
    link = f"<{url}>" if url.startswith(("http://", "https://")) else "[deze pagina](index.md)"
    return "\n".join([
        "## Citeren {: #citeren }",
        "",
        f"Citeer dit rapport als: {', '.join(parts)}, {link}.",
        "",
        "Elke alinea heeft ook een eigen verwijzing, met hoofdstuk, paragraaf, pagina en de "
        "datum van raadplegen: houd de muis op de alinea (of tik erop) en kies *kopieer "
        "citaat*, of *BibTeX* of *RIS* voor een literatuurprogramma.",
    ])
