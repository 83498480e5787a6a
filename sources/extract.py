"""Readable text and metadata from a source's raw bytes: HTML/XHTML, PDF, plain text and JSON.

Pure functions over bytes (no network, no database). HTML goes through trafilatura, PDF
through pypdf, plain text through charset detection (charset-normalizer). trafilatura and
pypdf are imported lazily so that the command line starts fast.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal
from urllib.parse import urlsplit

from sources.errors import SourceError

Kind = Literal["html", "pdf", "text", "json"]

SUPPORTED_KINDS = "HTML, PDF, plain text or JSON"

# The canonical media type recorded for each kind when the declared one is vague or missing.
CANONICAL_MEDIA_TYPE: dict[Kind, str] = {
    "html": "text/html",
    "pdf": "application/pdf",
    "text": "text/plain",
    "json": "application/json",
}

_HTML_TYPES = {"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"}
_PDF_TYPES = {"application/pdf", "application/x-pdf", "application/acrobat"}
_JSON_TYPES = {"application/json", "text/json", "application/x-json"}
_XML_TYPES = {"text/xml", "application/xml"}
# Declared "text/*" types that are code or styling, never evidence.
_NON_PROSE_TEXT_TYPES = {"text/css", "text/javascript", "text/ecmascript", "text/x-javascript"}
# Servers that do not know a file's type say one of these; the bytes then decide.
_UNKNOWN_TYPES = {"", "application/octet-stream", "binary/octet-stream", "application/unknown"}

# Browsers decode these labels as windows-1252 (WHATWG Encoding Standard); Python's latin-1
# would turn the curly quotes and dashes that Windows editors produce into control characters.
_WINDOWS_1252_LABELS = {
    "ascii",
    "us-ascii",
    "iso-8859-1",
    "iso8859-1",
    "iso_8859-1",
    "latin1",
    "latin-1",
    "l1",
    "cp819",
    "ibm819",
    "windows-1252",
    "cp1252",
    "x-cp1252",
}

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"PK\x03\x04",  # zip, docx, xlsx, epub
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf",
    b"Rar!",
    b"RIFF",  # webp, wav, avi
    b"\x00\x00\x00",  # mp4/heic boxes
    b"ID3",
    b"OggS",
    b"\x7fELF",
    b"MZ\x90\x00",  # Windows executables
)


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """The readable part of a document, with whatever metadata the document states."""

    text: str
    title: str | None
    site: str | None
    published: date | None


def parse_content_type(header: str | None) -> tuple[str, str | None]:
    """Split a Content-Type header into (lower-case media type, charset or None)."""
    if not header:
        return "", None
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media_type.strip().lower(), charset


def kind_of(media_type: str, raw: bytes, *, sniff_unknown: bool = True) -> Kind | None:
    """Decide how to read a document from its declared media type, looking at the bytes when
    the declaration is missing, generic or XML. ``None`` means the document is not readable.

    With ``sniff_unknown=False`` an ``application/octet-stream`` body is accepted only when it is
    a PDF: web servers often label PDFs that way, while other unlabelled bodies are usually
    downloads (archives, installers) that must not be guessed into text.
    """
    media_type = media_type.strip().lower()
    if raw.lstrip()[:5] == b"%PDF-":
        return "pdf"  # servers and saved files mislabel PDFs; the signature does not lie
    if raw.startswith(_BINARY_MAGIC):
        # Nor do image and archive signatures: decoding those as text would store pages of
        # mojibake as "evidence".
        return None
    if media_type in _HTML_TYPES:
        return "html"
    if media_type in _PDF_TYPES:
        return "pdf"
    if media_type in _JSON_TYPES or (
        media_type.startswith("application/") and media_type.endswith("+json")
    ):
        return "json"
    if media_type in _XML_TYPES or media_type.endswith("+xml"):
        # XHTML is often served as plain XML; feeds and other XML are not prose.
        return "html" if _HTML_START.match(_strip_xml_prolog(raw[:4096])) else None
    if media_type.startswith("text/"):
        return None if media_type in _NON_PROSE_TEXT_TYPES else "text"
    if media_type in _UNKNOWN_TYPES:
        if _is_pdf(raw):
            return "pdf"
        return sniff_kind(raw) if sniff_unknown or media_type == "" else None
    return None


def mislabelled_binary(media_type: str, raw: bytes) -> str | None:
    """Say so when a body declared as text is really binary; ``None`` otherwise."""
    if may_be_readable(media_type) and media_type not in _UNKNOWN_TYPES:
        if raw.startswith(_BINARY_MAGIC):
            return f"labelled {media_type} but the content is binary (an image or archive?)"
    return None


def may_be_readable(media_type: str) -> bool:
    """Tell from a declared media type alone whether the body is worth downloading: false for
    images, audio, video, archives and other types that can never become text."""
    media_type = media_type.strip().lower()
    return (
        media_type in _HTML_TYPES | _PDF_TYPES | _JSON_TYPES | _XML_TYPES | _UNKNOWN_TYPES
        or media_type.endswith(("+json", "+xml"))
        or (media_type.startswith("text/") and media_type not in _NON_PROSE_TEXT_TYPES)
    )


def sniff_kind(raw: bytes) -> Kind | None:
    """Guess the kind of an unlabelled document from its first bytes."""
    if _is_pdf(raw):
        return "pdf"
    head = raw[:8192]
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head.lstrip(codecs.BOM_UTF8):
        return None
    if _HTML_START.match(_strip_xml_prolog(head.lstrip(codecs.BOM_UTF8))):
        return "html"
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped[:1] in (b"{", b"["):
        try:
            json.loads(decode_plain_text(raw))
        except ValueError:
            return "text"
        return "json"
    return "text"


def extract_document(
    raw: bytes, content_type: str, *, url: str | None = None, charset: str | None = None
) -> ExtractedText:
    """Return the readable text and metadata of ``raw``.

    ``content_type`` is a media type or a whole Content-Type header; ``charset`` (the HTTP one,
    when known) overrides a charset parameter in it. Raises :class:`SourceError` for an
    unsupported type, a corrupt document, or a document with no readable text.
    """
    media_type, header_charset = parse_content_type(content_type)
    charset = charset or header_charset
    kind = kind_of(media_type, raw)
    if kind is None:
        shown = media_type or "an unrecognised binary format"
        raise SourceError(
            mislabelled_binary(media_type, raw)
            or f"unsupported content type {shown} (use {SUPPORTED_KINDS})"
        )
    if kind == "html":
        extracted = _extract_html(raw, charset=charset, url=url)
    elif kind == "pdf":
        extracted = _extract_pdf(raw, url=url)
    elif kind == "json":
        extracted = _extract_json(raw, charset=charset, url=url)
    else:
        extracted = ExtractedText(
            text=_tidy(decode_plain_text(raw, charset)),
            title=None,
            site=_site_from_url(url),
            published=None,
        )
    if not extracted.text.strip():
        raise SourceError(_EMPTY_MESSAGES[kind])
    return extracted


def prepare_html_extraction() -> None:
    """Pay trafilatura's one-time costs now: its imports (lxml, htmldate, justext) and the work
    its first extraction does once per process (about 70 ms on top of the import).

    Worker processes that extract a batch of pages call this while the pages download.
    """
    # A short domain name: courlan then loads the public-suffix list (about 100 ms, once per
    # process), which the first such real page would otherwise wait for.
    extract_document(_WARM_UP_PAGE, "text/html", url="https://www.who.int/news/warm-up")


# Long enough (over trafilatura's 250 characters) not to send the warm-up to its justext
# fallback, whose stoplists take 0.3 s to load: short pages are not the usual case.
_WARM_UP_PAGE = (
    b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Warm-up</title>"
    b"<meta property='article:published_time' content='2025-01-02'></head><body>"
    b"<nav><a href='/'>Home</a></nav><article><h1>Warm-up</h1>"
    + b"<p>The council said on Monday that the new water plant had cost 12 million euros, "
    b"two million more than planned, and that it would open in the spring.</p>"
    * 5
    + b"<table><tr><td>Year</td><td>2024</td></tr></table></article></body></html>"
)


_EMPTY_MESSAGES: dict[Kind, str] = {
    "html": "no readable text found on the page (it may be empty or need JavaScript)",
    "pdf": "no readable text found in the PDF (a scan without a text layer?)",
    "text": "the document is empty",
    "json": "the JSON document is empty",
}


# -- decoding ----------------------------------------------------------------------------------


def decode_html(raw: bytes, charset: str | None = None) -> str:
    """Decode HTML the way a browser would: byte-order mark, then the HTTP charset, then the
    charset declared in the page, then UTF-8, then a statistical guess."""
    codec = (
        _bom_codec(raw)
        or _codec(charset)
        or _declared_codec(raw[:4096])
        or ("utf-8" if _is_utf8(raw) else None)
    )
    if codec is not None:
        return raw.decode(codec, errors="replace").lstrip("\ufeff")
    return _guess_decode(raw)


def decode_plain_text(raw: bytes, charset: str | None = None) -> str:
    """Decode plain text: byte-order mark, then the HTTP charset, then UTF-8, then a guess."""
    codec = _bom_codec(raw) or _codec(charset) or ("utf-8" if _is_utf8(raw) else None)
    if codec is not None:
        return raw.decode(codec, errors="replace").lstrip("\ufeff")
    return _guess_decode(raw)


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None  # an unknown label is ignored, as browsers do


def _bom_codec(raw: bytes) -> str | None:
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _declared_codec(head: bytes) -> str | None:
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    codec = _codec(match.group(1).decode("ascii", errors="ignore"))
    # A page that reached us as bytes cannot really be UTF-16 if its declaration is readable
    # as ASCII; browsers treat that declaration as UTF-8 too.
    return "utf-8" if codec is not None and codec.startswith("utf-16") else codec


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _guess_decode(raw: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = from_bytes(raw)
    best = matches.best()
    if best is None:
        return raw.decode("cp1252", errors="replace")
    # charset-normalizer cannot tell windows-1250 from windows-1252 when both decode the text
    # equally well, and then picks 1250, turning French "fête" into "fęte". 1252 is by far the
    # more common legacy encoding on the web (the WHATWG default), so it wins such ties.
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.percent_chaos <= best.percent_chaos
            and match.percent_coherence >= best.percent_coherence
        ):
            return str(match)
    return str(best)


def _strip_xml_prolog(head: bytes) -> bytes:
    return re.sub(rb"^\s*<\?xml[^>]*\?>", b"", head, count=1)


def _is_pdf(raw: bytes) -> bool:
    # The PDF header may follow up to 1 KB of junk (ISO 32000-1, 7.5.2 implementation note).
    return b"%PDF-" in raw[:1024]


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.strip()


def _site_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    return host.removeprefix("www.")


# -- per kind ----------------------------------------------------------------------------------


def _extract_html(raw: bytes, *, charset: str | None, url: str | None) -> ExtractedText:
    # Imported here: trafilatura pulls in lxml, htmldate, courlan and justext (about a second).
    import trafilatura

    markup = decode_html(raw, charset)
    # lxml refuses str input that still carries an XML encoding declaration.
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup, count=1)
    document = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,  # reader comments are not what the source says
        include_tables=True,  # tables carry the figures claims are checked against
        include_images=False,
        include_links=False,
        deduplicate=False,
        # Dates only from the markup (meta tags, <time>, the URL): htmldate's extensive search
        # guesses from dates mentioned in the text, which for a news story is often the date
        # of the events it reports, not of publication. It was also most of the extraction time.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None:
        return ExtractedText(text="", title=None, site=None, published=None)
    return ExtractedText(
        text=_tidy(document.text or ""),
        title=_clean_optional(document.title),
        # A saved page has no URL of its own, but usually names its canonical address.
        site=_clean_optional(document.sitename) or _site_from_url(url or document.url),
        published=_parse_date(document.date),
    )


def _extract_pdf(raw: bytes, *, url: str | None) -> ExtractedText:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # many "encrypted" PDFs only restrict printing
            except DependencyError:
                raise SourceError(
                    "the PDF is encrypted; install the 'cryptography' package to open it"
                ) from None
            if not opened:
                raise SourceError("the PDF is password-protected")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        metadata = reader.metadata
    except SourceError:
        raise
    except Exception as exc:  # pypdf raises many types on malformed input
        raise SourceError(f"could not read the PDF ({_one_line(exc)})") from None
    title = None
    published = None
    if metadata is not None:
        title = _clean_optional(metadata.title)
        try:
            created = metadata.creation_date
        except Exception:  # a malformed date string must not lose the text
            created = None
        published = created.date() if created is not None else None
    return ExtractedText(
        text=_tidy("\n\n".join(page for page in pages if page)),
        title=title,
        site=_site_from_url(url),
        published=published,
    )


def _extract_json(raw: bytes, *, charset: str | None, url: str | None) -> ExtractedText:
    try:
        value = json.loads(decode_plain_text(raw, charset))
    except ValueError as exc:
        raise SourceError(f"not valid JSON ({_one_line(exc)})") from None
    text = "" if value in (None, "", {}, []) else json.dumps(value, indent=2, ensure_ascii=False)
    return ExtractedText(text=text, title=None, site=_site_from_url(url), published=None)


def _clean_optional(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
