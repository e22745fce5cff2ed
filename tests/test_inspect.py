"""`beleidslezer inspect`: page images with what the converter saw drawn on them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from conftest import ROOT, SAMPLE
from converter.inspector import COLOURS, SCALE
from converter.pipeline import convert


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BELEIDSLEZER_DEBUG"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "converter.cli", "inspect", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def _has_colour(image: Image.Image, colour: tuple[int, int, int], box: tuple) -> bool:
    """Some pixel inside `box` (points) close to `colour`."""
    x0, top, x1, bottom = (round(v * SCALE) for v in box)
    region = image.crop((max(0, x0 - 6), max(0, top - 6), x1 + 6, bottom + 6)).convert("RGB")
    data = region.tobytes()
    return any(sum(abs(a - b) for a, b in zip(data[i:i + 3], colour, strict=True)) < 60
               for i in range(0, len(data), 3))


def test_inspect_draws_the_figure_and_the_note_area_of_a_page(tmp_path: Path):
    document = convert(SAMPLE, link=False)
    figure = next(p for p in document.paragraphs if p.figure is not None)
    noted = next(n.page for n in document.footnotes if n.page != figure.page)
    result = run(SAMPLE, "--pages", f"{figure.page},{noted}", "--out", tmp_path / "zien",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    images = sorted((tmp_path / "zien").glob("*.png"))
    assert [p.name for p in images] == sorted(
        [f"pagina-{figure.page:03d}.png", f"pagina-{noted:03d}.png"])
    # one summary line per page, in Dutch
    assert len(result.stderr.strip().splitlines()) == 2 and "kolom" in result.stderr
    with pdfium.PdfDocument(str(SAMPLE)) as pdf:
        width, height = pdf[figure.page - 1].get_size()
    image = Image.open(tmp_path / "zien" / f"pagina-{figure.page:03d}.png")
    assert image.size == (round(width * SCALE), round(height * SCALE))
    assert _has_colour(image, COLOURS["figure"], figure.figure.box)
    notes = Image.open(tmp_path / "zien" / f"pagina-{noted:03d}.png")
    assert _has_colour(notes, COLOURS["footnotes"], (0, height * 0.6, width, height))


def test_inspect_refuses_pages_the_pdf_does_not_have_in_one_line(tmp_path: Path):
    result = run(SAMPLE, "--pages", "2-999", "--out", tmp_path / "zien", cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "zien").exists()
