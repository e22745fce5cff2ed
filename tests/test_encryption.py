"""Every encryption pypdf knows opens: RC4 and AES (which needs `cryptography`), with a user
password or only an owner password (which restricts printing, not reading)."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from conftest import PLAIN
from converter.extract import ConversionError, open_pdf
from converter.pipeline import convert

ALGORITHMS = ["RC4-40", "RC4-128", "AES-128", "AES-256-R5", "AES-256"]


def encrypted(tmp_path: Path, algorithm: str, user: str, owner: str | None = None) -> Path:
    writer = pypdf.PdfWriter(clone_from=PLAIN)
    writer.encrypt(user, owner, algorithm=algorithm)
    path = tmp_path / f"{algorithm}.pdf"
    writer.write(path)
    return path


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_user_password_opens_every_algorithm(tmp_path: Path, algorithm: str):
    path = encrypted(tmp_path, algorithm, "geheim")
    with pytest.raises(ConversionError, match="--password"):
        open_pdf(path)
    with pytest.raises(ConversionError, match="wachtwoord"):
        open_pdf(path, "fout")
    document = convert(path, password="geheim", jobs=1, link=False)
    assert document.paragraphs and document.source.pages == open_pdf(path, "geheim").pages


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_owner_password_only_needs_no_password_to_read(tmp_path: Path, algorithm: str):
    path = encrypted(tmp_path, algorithm, "", owner="eigenaar")
    assert convert(path, jobs=1, link=False).paragraphs
