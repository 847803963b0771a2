"""The glossary: said once (iopcost.render.glossary), made into the documentation's page,
and in an HTML report the words it uses are explained, its notes linking to them."""

from __future__ import annotations

from pathlib import Path

from iopcost.render.glossary import TERMS, glossary_markdown, linked, terms_in

from conftest import run


def test_terms_are_found_as_whole_words_and_linked_once() -> None:
    text = "A $2,000 deductible left, 20% coinsurance; the deductible again."
    terms = terms_in([text])
    assert [term.id for term in terms] == ["deductible", "coinsurance"]
    parts = linked(text, terms)
    assert [word for word, target in parts if target] == ["deductible", "coinsurance"]
    assert "".join(word for word, _ in parts) == text
    assert terms_in(["copayment-free deductibles"]) == []  # whole words only


def test_the_glossary_page_has_every_term() -> None:
    page = glossary_markdown()
    for term in TERMS:
        assert f"{{#{term.id}}}" in page and term.meaning.split()[0] in page


def test_an_html_report_explains_its_words(tmp_path: Path) -> None:
    page = tmp_path / "estimate.html"
    args = ["compare", "--weeks", "8", "--deductible", "2000", "--coinsurance", "20"]
    assert run([*args, "-o", str(page)]).exit_code == 0
    html = page.read_text()
    assert '<a href="#word-deductible">deductible</a>' in html
    assert '<dt id="word-deductible">Deductible</dt>' in html
    assert "Words used here" in html
    assert '<dt id="word-allowed-amount">' not in html  # only the words it uses
