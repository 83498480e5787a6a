"""Text extraction from bytes, local files and pasted text (acquisition.documents and .fetch)."""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import os
import subprocess
import sys
import threading
from datetime import UTC, date
from pathlib import Path

import pytest
from pypdf import PdfWriter

from claim_workbench.acquisition.documents import (
    decode_html,
    decode_plain_text,
    decode_text,
    extract_document,
    kind_of,
    sniff_kind,
)
from claim_workbench.acquisition.fetch import SourceError, from_text, read_file

FIXTURES = Path(__file__).parents[1] / "fixtures"

ARTICLE_SENTENCES = [
    "began supplying drinking water on Monday",
    "40,000 cubic metres of fresh water a day",
    "We underestimated how difficult the seabed would be",
    "salinity near the outfall must stay within two percent",
    "a review of water tariffs is scheduled for the autumn",
]
BOILERPLATE = [
    "Subscribe today and save 50 percent",  # navigation
    "Weather forecast for the whole week",  # navigation
    "Miracle Gutter Cleaner",  # advertisement
    "luxury cruise deals",  # sponsored block
    "Typical council, always late",  # reader comment
    "fish in the bay will disagree",  # reader comment
    "tastes different since Tuesday",  # reader comment
    "All rights reserved",  # footer
    "Ferry fares rise again",  # related links
]
CAFE_SENTENCE = "Fondé en 1925 par Élise Garçon, le café a servi plus de 2 millions de crèmes"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# -- HTML ----------------------------------------------------------------------------------------


def test_news_page_keeps_article_and_drops_navigation_ads_and_comments() -> None:
    extracted = extract_document(
        fixture_bytes("news_article.html"), "text/html", url="https://www.ledger.example/a/1"
    )
    for sentence in ARTICLE_SENTENCES:
        assert sentence in extracted.text
    for noise in BOILERPLATE:
        assert noise not in extracted.text


def test_news_page_keeps_the_figures_table() -> None:
    extracted = extract_document(fixture_bytes("news_article.html"), "text/html")
    assert "Budget (million euros)" in extracted.text
    assert "112" in extracted.text


def test_news_page_metadata_title_site_and_published_date() -> None:
    extracted = extract_document(
        fixture_bytes("news_article.html"), "text/html", url="https://www.ledger.example/a/1"
    )
    assert extracted.title == "Harbour city opens desalination plant after two-year delay"
    assert extracted.site == "The Coastal Ledger"
    assert extracted.published == date(2025, 6, 3)


def test_div_based_news_page_without_article_tag() -> None:
    extracted = extract_document(fixture_bytes("news_article_divs.html"), "text/html")
    for sentence in [
        "fell to 6,240 in August, the third monthly fall in a row",
        "down from a peak of 47,300 in May",
        "the trend is clearly in the right direction",
        "waits for mental health services were not included",
        "next update in mid-October",
    ]:
        assert sentence in extracted.text
    for noise in [
        "We use cookies",  # cookie banner
        "Sign in to your account",  # menu
        "Share on Facebook",  # share buttons
        "morning briefing in your inbox",  # newsletter box inside the story
        "hearing aids at half price",  # advertisement inside the story
        "these numbers are spin",  # comment
        "Council tax to rise",  # most-read sidebar
        "Registered in the Valley",  # footer
    ]:
        assert noise not in extracted.text
    # The date comes from the JSON-LD block, the site name from its publisher.
    assert extracted.published == date(2025, 9, 18)
    assert extracted.site == "Valley Herald"
    assert extracted.title == "Regional hospital waiting lists fall for third month"


def test_site_falls_back_to_host_without_www_when_page_names_none() -> None:
    extracted = extract_document(
        fixture_bytes("statement.xhtml"), "application/xhtml+xml", url="https://www.gov.example/x"
    )
    assert extracted.site == "gov.example"


def test_saved_page_takes_its_site_from_the_canonical_link() -> None:
    raw = (
        b'<html><head><link rel="canonical" href="https://www.city-news.example/2025/vote">'
        b"<title>Vote</title></head><body><article><p>Turnout in the referendum was 61 percent,"
        b" the electoral office said on Sunday evening.</p></article></body></html>"
    )
    assert extract_document(raw, "text/html").site == "city-news.example"


def test_windows_1252_page_decoded_from_its_meta_declaration() -> None:
    extracted = extract_document(fixture_bytes("cafe_windows1252.html"), "text/html")
    assert CAFE_SENTENCE in extracted.text
    assert "C’est une institution" in extracted.text  # 0x92, only right in windows-1252
    assert "85 000 €" in extracted.text  # 0xA0 and 0x80
    assert extracted.title == "Le café du marché fête ses 100 ans"


def test_http_charset_overrides_the_page_declaration() -> None:
    page = '<html><head><meta charset="utf-8"><title>t</title></head><body><article><p>{}</p>'
    page += "</article></body></html>"
    sentence = "Привет: министр сообщил, что построено 120 километров новых дорог в регионе."
    raw = page.format(sentence).encode("koi8_r")
    extracted = extract_document(raw, "text/html", charset="koi8-r")
    assert sentence in extracted.text


def test_latin1_label_is_decoded_as_windows_1252_like_browsers() -> None:
    raw = "Minister’s “final” figure – 12 €".encode("cp1252")
    assert decode_html(raw, "iso-8859-1") == "Minister’s “final” figure – 12 €"


def test_xhtml_with_xml_declaration_is_extracted() -> None:
    extracted = extract_document(fixture_bytes("statement.xhtml"), "application/xhtml+xml")
    assert "87.5 percent of regional trains arrived within five minutes" in extracted.text
    assert extracted.title == "Ministry statement on rail punctuality"


def test_xhtml_served_as_xml_is_read_as_html_but_a_feed_is_refused() -> None:
    assert kind_of("application/xml", fixture_bytes("statement.xhtml")) == "html"
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    with pytest.raises(SourceError, match="unsupported content type application/xml"):
        extract_document(feed, "application/xml")


def test_page_without_readable_text_is_an_error() -> None:
    with pytest.raises(SourceError, match="no readable text found on the page"):
        extract_document(fixture_bytes("empty_page.html"), "text/html")


def test_short_single_paragraph_page_is_not_mistaken_for_empty() -> None:
    raw = b"<html><body><p>The mayor said turnout was 61 percent.</p></body></html>"
    assert "turnout was 61 percent" in extract_document(raw, "text/html").text


# -- PDF -----------------------------------------------------------------------------------------


def test_pdf_text_title_and_creation_date() -> None:
    extracted = extract_document(fixture_bytes("report.pdf"), "application/pdf")
    assert "In 2024 the coast guard recorded 21 interdictions at sea." in extracted.text
    assert "Figures cover the period from 1 January to 31 December 2024." in extracted.text
    assert extracted.text.index("21 interdictions") < extracted.text.index("Methodology")
    assert extracted.title == "Annual Maritime Security Report"
    assert extracted.published == date(2025, 3, 14)


def test_corrupt_pdf_is_a_clear_error() -> None:
    with pytest.raises(SourceError, match="could not read the PDF"):
        extract_document(b"%PDF-1.4\nthis is not really a pdf", "application/pdf")


def test_pdf_without_text_layer_is_an_error() -> None:
    with pytest.raises(SourceError, match="no readable text found in the PDF"):
        extract_document(blank_pdf(), "application/pdf")


def encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(fixture_bytes("report.pdf")))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_encrypted_only_against_editing_is_read() -> None:
    extracted = extract_document(encrypted_pdf(""), "application/pdf")
    assert "21 interdictions" in extracted.text


def test_password_protected_pdf_is_a_clear_error() -> None:
    with pytest.raises(SourceError, match="^the PDF is password-protected$"):
        extract_document(encrypted_pdf("secret"), "application/pdf")


def test_octet_stream_pdf_is_recognised_from_its_bytes() -> None:
    extracted = extract_document(fixture_bytes("report.pdf"), "application/octet-stream")
    assert "21 interdictions" in extracted.text


def test_pdf_mislabelled_as_html_is_read_as_pdf() -> None:
    extracted = extract_document(fixture_bytes("report.pdf"), "text/html; charset=utf-8")
    assert "21 interdictions" in extracted.text


# -- plain text and JSON -------------------------------------------------------------------------


def test_plain_text_line_endings_normalised() -> None:
    extracted = extract_document(fixture_bytes("minutes.txt"), "text/plain; charset=utf-8")
    assert "\r" not in extracted.text
    assert extracted.text.startswith("Council minutes, 12 May 2025\n\nThe committee approved")


def test_plain_text_charset_parameter_is_honoured() -> None:
    sentence = "Правительство сообщило, что построено 120 километров дорог."
    extracted = extract_document(sentence.encode("koi8_r"), "text/plain; charset=KOI8-R")
    assert extracted.text == sentence


@pytest.mark.parametrize(
    ("sentence", "encoding"),
    [
        ("Le café du marché fête ses 100 ans ; la façade a coûté 85 000 € à rénover.", "cp1252"),
        (
            "Der Bürgermeister sagte, 45 Prozent der Straßen würden saniert; Kosten 3,2 Mio. €.",
            "cp1252",
        ),
        (
            "Zażółć gęślą jaźń – powiedział minister, dodając że 30 procent dróg wymaga remontu.",
            "cp1250",
        ),
        (
            "Правительство сообщило, что в 2024 году было построено 120 километров новых дорог.",
            "cp1251",
        ),
    ],
)
def test_plain_text_without_charset_is_detected(sentence: str, encoding: str) -> None:
    assert decode_plain_text(sentence.encode(encoding)) == sentence


def test_json_is_pretty_printed_with_unicode_kept() -> None:
    raw = json.dumps({"city": "Zürich", "deaths": 82, "tags": ["a", "b"]}).encode()
    extracted = extract_document(raw, "application/json")
    assert (
        extracted.text
        == '{\n  "city": "Zürich",\n  "deaths": 82,\n  "tags": [\n    "a",\n    "b"\n  ]\n}'
    )


def test_vendor_json_type_is_json() -> None:
    extracted = extract_document(b'{"headline": "x"}', "application/ld+json")
    assert '"headline": "x"' in extracted.text


def test_invalid_json_is_a_clear_error() -> None:
    with pytest.raises(SourceError, match=r"not valid JSON \(Expecting"):
        extract_document(b'{"a": ', "application/json")


def test_empty_json_is_an_error() -> None:
    with pytest.raises(SourceError, match="the JSON document is empty"):
        extract_document(b"{}", "application/json")


@pytest.mark.parametrize(
    "content_type", ["image/png", "application/zip", "video/mp4", "text/css", "font/woff2"]
)
def test_unsupported_types_are_refused(content_type: str) -> None:
    with pytest.raises(SourceError, match=f"unsupported content type {content_type}"):
        extract_document(b"\x89PNG\r\n\x1a\nbinary", content_type)


def test_binary_mislabelled_as_text_is_refused() -> None:
    with pytest.raises(
        SourceError, match=r"^labelled text/plain but the content is binary \(an image or archive"
    ):
        extract_document(b"PK\x03\x04" + bytes(range(256)), "text/plain")


def test_unlabelled_binary_is_refused() -> None:
    with pytest.raises(SourceError, match="unsupported content type application/octet-stream"):
        extract_document(b"PK\x03\x04zip archive bytes", "application/octet-stream")


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"),
        (b"  <!-- saved page -->\n<html lang=en>", "html"),
        (b'[{"a": 1}]', "json"),
        (b"{not json at all", "text"),
        (b"Plain minutes of a meeting.", "text"),
        (b"\x89PNG\r\n\x1a\n", None),
        (b"PK\x03\x04", None),
        (b"text with a \x00 NUL byte", None),
    ],
)
def test_sniff_kind(head: bytes, kind: str | None) -> None:
    assert sniff_kind(head) == kind


# -- local files ---------------------------------------------------------------------------------


def test_read_html_file(tmp_path: Path) -> None:
    document = read_file(FIXTURES / "news_article.html")
    raw = fixture_bytes("news_article.html")
    assert document.origin == "file"
    assert document.requested_url == str(FIXTURES / "news_article.html")
    assert document.final_url is None and document.status_code is None
    assert document.content_type == "text/html"
    assert document.raw == raw
    assert document.sha256 == hashlib.sha256(raw).hexdigest()
    assert document.size == len(raw)
    assert document.fetched_at.tzinfo is UTC
    assert ARTICLE_SENTENCES[0] in document.text
    assert BOILERPLATE[0] not in document.text


def test_read_pdf_file() -> None:
    document = read_file(str(FIXTURES / "report.pdf"))
    assert document.content_type == "application/pdf"
    assert "82 arrests" in document.text
    assert document.title == "Annual Maritime Security Report"


def test_read_text_file_titles_it_with_the_file_name() -> None:
    document = read_file(FIXTURES / "minutes.txt")
    assert document.content_type == "text/plain"
    assert document.title == "minutes.txt"
    assert "approved a budget of 2.3 million" in document.text


def test_read_markdown_and_json_files(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nTurnout was 61 percent.\n", encoding="utf-8")
    data = tmp_path / "figures.json"
    data.write_text('{"turnout": 61}', encoding="utf-8")
    assert read_file(notes).text == "# Notes\n\nTurnout was 61 percent."
    assert read_file(notes).content_type == "text/markdown"
    assert read_file(data).text == '{\n  "turnout": 61\n}'


def test_pdf_with_wrong_extension_is_read_as_pdf(tmp_path: Path) -> None:
    disguised = tmp_path / "download.html"
    disguised.write_bytes(fixture_bytes("report.pdf"))
    document = read_file(disguised)
    assert document.content_type == "application/pdf"
    assert "21 interdictions" in document.text


def test_file_without_known_extension_is_sniffed(tmp_path: Path) -> None:
    saved = tmp_path / "page.download"
    saved.write_bytes(fixture_bytes("news_article.html"))
    document = read_file(saved)
    assert document.content_type == "text/html"
    assert ARTICLE_SENTENCES[1] in document.text


def test_windows_1252_text_file_decodes(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_bytes(
        "La façade a été rénovée pour 85 000 € ; c’est « inespéré ».".encode("cp1252")
    )
    assert read_file(letter).text == "La façade a été rénovée pour 85 000 € ; c’est « inespéré »."


def test_image_file_is_refused(tmp_path: Path) -> None:
    image = tmp_path / "chart.html"  # a misleading extension must not make it text
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(SourceError, match="chart.html is not a readable document"):
        read_file(image)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="^file not found: .*nope.pdf$"):
        read_file(tmp_path / "nope.pdf")


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="is a folder, not a file"):
        read_file(tmp_path)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(SourceError, match=r"big.txt is 2 KB, over the 1 KB limit"):
        read_file(big, max_bytes=1024)


def test_empty_text_file_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\n  \n")
    with pytest.raises(SourceError, match="empty.txt: the document is empty"):
        read_file(empty)


def test_html_file_without_text_names_the_file() -> None:
    with pytest.raises(SourceError, match="empty_page.html: no readable text found"):
        read_file(FIXTURES / "empty_page.html")


# -- pasted text ---------------------------------------------------------------------------------


def test_from_text_keeps_text_and_hashes_its_utf8() -> None:
    pasted = "  Officials said 82 people died.\r\nSecond line é  "
    document = from_text(pasted, title="  Press   briefing ")
    assert document.origin == "text"
    assert document.requested_url is None and document.final_url is None
    assert document.text == "Officials said 82 people died.\nSecond line é"
    assert document.raw == pasted.encode("utf-8")
    assert document.sha256 == hashlib.sha256(pasted.encode("utf-8")).hexdigest()
    assert document.size == len(pasted.encode("utf-8"))
    assert document.title == "Press briefing"
    assert document.content_type == "text/plain"


def test_from_text_refuses_blank_text() -> None:
    with pytest.raises(SourceError, match="the pasted text is empty"):
        from_text(" \n\t ")


# -- start-up cost -------------------------------------------------------------------------------


def test_importing_fetch_does_not_import_trafilatura_or_pypdf() -> None:
    code = (
        "import sys, claim_workbench.acquisition.fetch; "
        "print(sorted(m for m in ('trafilatura', 'pypdf', 'charset_normalizer') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == "[]"


def test_a_device_is_refused_as_not_a_regular_file() -> None:
    # /dev/zero never ends and /dev/stdin would wait for input: neither is a document.
    with pytest.raises(SourceError, match="^/dev/zero is a device, not a regular file$"):
        read_file("/dev/zero", max_bytes=1024)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_is_refused_instead_of_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "notes.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException | object] = []

    def attempt() -> None:
        try:
            outcome.append(read_file(fifo))
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            outcome.append(error)

    reader = threading.Thread(target=attempt, daemon=True)
    reader.start()
    reader.join(timeout=20)  # a guard against hanging the suite, not a timing assertion
    if reader.is_alive():
        # Release the blocked open so the thread can end, then fail.
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("read_file waited for a writer on a named pipe")
    assert len(outcome) == 1 and isinstance(outcome[0], SourceError)
    assert str(outcome[0]) == f"{fifo} is a named pipe (FIFO), not a regular file"


def test_piped_input_is_sniffed_like_a_file() -> None:
    import io

    from claim_workbench.acquisition.fetch import read_stream

    document = read_stream(io.BytesIO(b"Officials said 82 people died."), title="Notes")
    assert (document.origin, document.title, document.text) == (
        "text",
        "Notes",
        "Officials said 82 people died.",
    )
    with pytest.raises(SourceError, match="standard input is not a readable document"):
        read_stream(io.BytesIO(bytes(range(256)) * 8))
    with pytest.raises(SourceError, match="standard input is over the 1 KB limit"):
        read_stream(io.BytesIO(b"a" * 2000), max_bytes=1024)


# -- decoding: damaged bytes, byte-order marks, unknown charsets -----------------------------------

UTF8_ARTICLE = (
    "“We will not accept a 12 % rise,” said Mayor Zoë Brandão on Monday.\n"
    "The council’s budget — €45 million — was approved by 7 votes to 2.\n"
    "Officials said 82 people had been evacuated from the old town.\n"
)


def damaged(text: str, at: str) -> bytes:
    """``text`` as UTF-8 with one invalid byte (0xFF) put before ``at``."""
    raw = text.encode("utf-8")
    position = raw.index(at.encode("utf-8"))
    return raw[:position] + b"\xff" + raw[position:]


def test_one_invalid_byte_costs_that_byte_not_the_whole_file(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(damaged(UTF8_ARTICLE, "Officials"))
    document = read_file(article)
    assert document.text == UTF8_ARTICLE.replace("Officials", "\ufffdOfficials").strip()
    assert document.warnings == ["1 byte was not valid UTF-8 and replaced by U+FFFD"]


def test_several_invalid_bytes_are_counted() -> None:
    raw = damaged(UTF8_ARTICLE, "Officials").replace(b"Mayor", b"\xc3Mayor\xfe")
    decoded = decode_text(raw)
    assert decoded.encoding == "utf-8" and decoded.replaced == 3
    assert decoded.warnings == ("3 bytes were not valid UTF-8 and replaced by U+FFFD",)
    assert "Zoë Brandão" in decoded.text and "council’s" in decoded.text


def test_clean_utf8_and_legacy_files_carry_no_warning(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(UTF8_ARTICLE, encoding="utf-8")
    assert read_file(clean).warnings == []
    legacy = tmp_path / "legacy.txt"
    sentence = "Le café du marché fête ses 100 ans ; la façade a coûté 85 000 € à rénover."
    legacy.write_bytes(sentence.encode("cp1252"))
    document = read_file(legacy)
    assert (document.text, document.warnings) == (sentence, [])


def test_text_declared_utf8_that_is_not_is_read_in_its_real_encoding() -> None:
    sentence = "Le café du marché fête ses 100 ans ; la façade a coûté 85 000 € à rénover."
    extracted = extract_document(sentence.encode("cp1252"), "text/plain; charset=utf-8")
    assert extracted.text == sentence
    assert extracted.warnings == ("declared as UTF-8 but it is not; read as windows-1252",)


def test_a_page_declared_utf8_with_a_bad_byte_keeps_its_text_and_warns() -> None:
    body = "<p>" + UTF8_ARTICLE.replace("\n", "</p><p>") + "</p>"
    page = f"<html><head><meta charset='utf-8'><title>Budget</title></head><body>{body}</body>"
    extracted = extract_document(damaged(page, "Officials"), "text/html")
    assert "Zoë Brandão" in extracted.text and "\ufffdOfficials said 82 people" in extracted.text
    assert extracted.warnings == ("1 byte was not valid UTF-8 and replaced by U+FFFD",)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_text_files_with_a_byte_order_mark_are_read(tmp_path: Path, encoding: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    notes = tmp_path / "notes.txt"
    notes.write_bytes(bom + UTF8_ARTICLE.encode(encoding))
    document = read_file(notes)
    assert document.text == UTF8_ARTICLE.strip() and document.warnings == []
    unnamed = tmp_path / "notes"  # no extension: the kind comes from the bytes
    unnamed.write_bytes(bom + UTF8_ARTICLE.encode(encoding))
    assert read_file(unnamed).text == UTF8_ARTICLE.strip()


def test_an_html_file_in_utf16_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    page = tmp_path / "saved.html"
    markup = (
        "<!DOCTYPE html><html><head><title>Zoë</title></head><body><article>"
        "<p>Officials said 82 people had been evacuated from the old town on Monday.</p>"
        "</article></body></html>"
    )
    page.write_bytes(markup.encode("utf-16"))
    assert sniff_kind(markup.encode("utf-16")) == "html"
    document = read_file(page)
    assert "82 people had been evacuated" in document.text and document.title == "Zoë"


@pytest.mark.parametrize("label", ["foo", "x-unknown", "base64", "hex", "rot13", "undefined"])
def test_an_unknown_charset_is_ignored_with_a_warning(label: str) -> None:
    text = "Zoë Brandão said 82 people had been evacuated from the old town on Monday."
    extracted = extract_document(text.encode("utf-8"), f"text/plain; charset={label}")
    assert extracted.text == text
    assert extracted.warnings == (
        f"the server declared an unknown character set {label!r}, ignored",
    )
    page = (
        f"<html><head><meta charset='{label}'><title>T</title></head><body><article>"
        f"<p>{text}</p></article></body></html>"
    ).encode()
    from_page = extract_document(page, "text/html")
    assert text in from_page.text
    assert from_page.warnings == (f"the page declares an unknown character set {label!r}, ignored",)


def test_utf7_is_not_honoured() -> None:
    # UTF-7 turns plain ASCII into other characters ("+ADw-" is "<"): browsers refuse it.
    text = "Costs rose +ADw-5 percent, and 1+1 = 2 still."
    extracted = extract_document(text.encode(), "text/plain; charset=utf-7")
    assert extracted.text == text


# -- pages whose only text is their navigation -----------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "<nav><a href='/'>Home</a></nav>",
        "<div class='menu'><a href='/'>Home</a> <a href='/news'>News</a></div>",
        "<header><a href='/'>Home</a></header><footer>(c) 2025 The Daily Paper</footer>",
        "<div role='navigation'>Home · News · Sport</div><form><label>Search</label></form>",
        "<ul><li><a href='/a'>Politics</a></li><li><a href='/b'>Economy</a></li></ul>",
    ],
)
def test_a_page_with_only_navigation_is_refused(body: str) -> None:
    page = f"<html><head><title>The Daily Paper</title></head><body>{body}</body></html>"
    with pytest.raises(SourceError, match="^the page has no text beyond its navigation"):
        extract_document(page.encode(), "text/html")


def test_a_short_page_with_text_besides_its_menu_is_kept() -> None:
    page = (
        b"<html><body><nav><a href='/'>Home</a></nav>"
        b"<article><header><h1>Turnout</h1></header>"
        b"<p>The mayor said turnout was 61 percent.</p></article></body></html>"
    )
    assert "turnout was 61 percent" in extract_document(page, "text/html").text


def test_a_navigation_only_file_is_refused_naming_it(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_bytes(b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    with pytest.raises(SourceError, match=r"index\.html: the page has no text beyond"):
        read_file(page)
