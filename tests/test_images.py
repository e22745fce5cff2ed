"""Figure pictures: those the workers make while a conversion goes on are the pictures a
conversion would make after it, one per figure, and none is lost where no worker helped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from converter.images import FigurePictures, figure_images
from converter.pipeline import convert

MAKER = Path(__file__).resolve().parent / "fixtures" / "make_sample_report.py"


@pytest.fixture(scope="module")
def charts_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 21-page report with 20 bar charts: long enough for workers, with a picture for each."""
    out = tmp_path_factory.mktemp("charts") / "charts.pdf"
    subprocess.run([sys.executable, str(MAKER), "--out", str(out), "--pages", "14",
                    "--figures", "20"], check=True, capture_output=True)
    return out


@pytest.mark.parametrize("jobs", [2, 1])
def test_pictures_made_during_the_conversion_are_those_made_after_it(charts_report: Path,
                                                                     jobs: int):
    pictures = FigurePictures(charts_report)
    document = convert(charts_report, jobs=jobs, link=False, pictures=pictures)
    figures = {i for i, p in enumerate(document.paragraphs) if p.figure is not None}
    # with workers, every picture is made by the time the conversion returns; alone, none
    assert pictures.ready == (len(figures) if jobs > 1 else 0)
    made = pictures.by_paragraph(document)
    assert len(figures) >= 20
    assert set(made) == figures
    assert made == figure_images(document, charts_report)
    assert all(picture[:4] == b"RIFF" and picture[8:12] == b"WEBP" for picture in made.values())


def test_a_figure_no_worker_was_given_is_made_when_asked_for(charts_report: Path):
    document = convert(charts_report, jobs=1, link=False)  # no pictures handed over at all
    made = FigurePictures(charts_report).by_paragraph(document)
    assert made == figure_images(document, charts_report, jobs=2)
