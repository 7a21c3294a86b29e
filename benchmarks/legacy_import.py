"""How well legacy pages import: the corpus in tests/fixtures/legacy/, page by page, with a score.

Each page of the corpus is written the way a CMS of 2005-2015 wrote it; ``expected.yaml`` says
what a reader sees on it: the title, how the lead starts, words with æ, ø and å that must survive,
and words of the site's chrome (menus, footers, banners) that must not appear. This script runs
the project's own extraction on every page (with its sidecar, as ``import-html`` does) and prints
what passed:

    .venv/bin/python benchmarks/legacy_import.py
    .venv/bin/python benchmarks/legacy_import.py --compare    # also trafilatura and readability-lxml

``--compare`` runs the same checks on what the maintained extractors make of the raw page (they
decode it themselves). They are not dependencies of the project: install them in a separate
virtualenv to compare. An extractor gives no lead, so for them the lead counts as found when its
start appears in their text. ``--decoded`` gives them the text as this project decodes it, to
compare the content extraction alone.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.case_files import case_data_from_html  # noqa: E402
from indexer.html_decoding import decode_page  # noqa: E402
from indexer.html_source import sidecar_path  # noqa: E402
from indexer.rendering import html_to_text, markdown_to_html  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "legacy"
CHECKS = ("title", "lead", "words", "chrome")


@dataclass
class Result:
    """The checks one page passed, and what went wrong where it did not."""

    page: str
    passed: dict[str, bool] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return all(self.passed.values())


def expectations(corpus: Path = CORPUS) -> dict[str, dict]:
    return yaml.safe_load((corpus / "expected.yaml").read_text(encoding="utf-8"))


def judge(page: str, expected: dict, title: str, lead: str, text: str, *, lead_anywhere: bool = False) -> Result:
    """Check one extraction (title, lead, and the plain text of title + lead + body)."""
    result = Result(page)
    whole = " ".join([title, lead, text])
    result.passed["title"] = title == expected["title"]
    if not result.passed["title"]:
        result.problems.append(f"title {title!r}")
    start = expected["lead"]
    result.passed["lead"] = start in whole if lead_anywhere else lead.startswith(start)
    if not result.passed["lead"]:
        result.problems.append(f"lead {lead[:60]!r}")
    missing = [w for w in expected["words"] if w not in whole]
    result.passed["words"] = not missing
    if missing:
        result.problems.append(f"missing {missing}")
    chrome = [w for w in expected["chrome"] if w in whole]
    result.passed["chrome"] = not chrome
    if chrome:
        result.problems.append(f"chrome {chrome}")
    return result


def plain(markdown_text: str) -> str:
    return html_to_text(markdown_to_html(markdown_text or "")).replace("\n", " ")


def ours(page: Path) -> tuple[str, str, str]:
    """Title, lead and body text as ``import-html`` writes them."""
    sidecar = sidecar_path(page)
    data, _ = case_data_from_html(page.read_bytes(),
                                  sidecar.read_text(encoding="utf-8") if sidecar.is_file() else None)
    return data.get("title", ""), data.get("lead", ""), plain(data.get("body", ""))


def _raw(page: Path, decoded: bool):
    return decode_page(page.read_bytes()).text if decoded else page.read_bytes()


def trafilatura_extract(page: Path, decoded: bool = False) -> tuple[str, str, str]:
    import trafilatura
    doc = trafilatura.bare_extraction(_raw(page, decoded), include_links=False, with_metadata=True)
    if doc is None:
        return "", "", ""
    title = getattr(doc, "title", None) or ""
    text = getattr(doc, "text", None) or ""
    return title, "", " ".join(text.split())


def readability_extract(page: Path, decoded: bool = False) -> tuple[str, str, str]:
    from readability import Document
    document = Document(_raw(page, decoded))
    return document.short_title(), "", " ".join(html_to_text(document.summary()).split())


def run(extractor, corpus: Path = CORPUS, *, lead_anywhere: bool = False) -> list[Result]:
    results = []
    for name, expected in expectations(corpus).items():
        try:
            title, lead, text = extractor(corpus / name)
        except Exception as exc:  # a library failing on a page scores 0 for it
            result = Result(name, {c: False for c in CHECKS}, [f"failed: {exc}"])
        else:
            result = judge(name, expected, title, lead, text, lead_anywhere=lead_anywhere)
        results.append(result)
    return results


def summary(label: str, results: list[Result]) -> str:
    counts = ", ".join(f"{c} {sum(r.passed[c] for r in results)}/{len(results)}" for c in CHECKS)
    clean = sum(r.clean for r in results)
    return f"{label}: {clean}/{len(results)} pages clean ({counts})"


def report(label: str, results: list[Result]) -> None:
    for result in results:
        mark = "ok  " if result.clean else "FAIL"
        print(f"  {mark} {result.page[:60]:<60} {'; '.join(result.problems)}"[:240])
    print(summary(label, results))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--compare", action="store_true", help="also run trafilatura and readability-lxml")
    parser.add_argument("--decoded", action="store_true",
                        help="with --compare: give the extractors the text as this project decodes it")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="a folder with pages and expected.yaml")
    args = parser.parse_args(argv)
    own = run(ours, args.corpus)
    report("casesamlingen", own)
    if args.compare:
        for label, extractor in (("trafilatura", trafilatura_extract), ("readability-lxml", readability_extract)):
            print()
            report(label + (" (on our decoding)" if args.decoded else ""),
                   run(lambda page: extractor(page, args.decoded), args.corpus, lead_anywhere=True))
    return 0 if all(r.clean for r in own) else 1


if __name__ == "__main__":
    sys.exit(main())
