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
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal
from urllib.parse import urlsplit

from claim_workbench.acquisition.errors import SourceError
from claim_workbench.text.clean import clean_article_text

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
    # Lines for the user about what had to be repaired or guessed ("3 bytes were not valid
    # UTF-8 ..."): the text is usable, but the reviewer should know.
    warnings: tuple[str, ...] = ()


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
        return "html" if _HTML_START.match(_strip_xml_prolog(_ascii_head(raw, 4096))) else None
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
    if raw.startswith(_BINARY_MAGIC):
        return None
    head = _ascii_head(raw, 8192)  # a UTF-16 or UTF-32 text, recognised by its mark, as UTF-8
    if b"\x00" in head:
        return None
    if _HTML_START.match(_strip_xml_prolog(head)):
        return "html"
    if head.lstrip()[:1] in (b"{", b"["):
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
        decoded = decode_text(raw, charset)
        extracted = ExtractedText(
            text=_tidy(decoded.text),
            title=None,
            site=_site_from_url(url),
            published=None,
            warnings=decoded.warnings,
        )
    # Terminal escape sequences and control characters are never part of what a source says
    # ("\x1b[31m82" must not be read as the number 31); bidi and zero-width characters stay
    # and are made visible where text is shown (claim_workbench.text.clean).
    extracted = replace(
        extracted,
        text=clean_article_text(extracted.text),
        title=clean_article_text(extracted.title) if extracted.title else extracted.title,
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


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from bytes, with what the decoding had to guess or repair."""

    text: str
    encoding: str  # the Python codec used, e.g. "utf-8", "cp1252"
    replaced: int  # bytes that were not valid in that encoding, replaced by U+FFFD
    warnings: tuple[str, ...] = ()


def decode_text(raw: bytes, charset: str | None = None, *, html: bool = False) -> DecodedText:
    """Decode a document's bytes; the one decoder for pages, files and imported articles.

    In order: a byte-order mark (UTF-8, UTF-16, UTF-32); the charset the server declared;
    for HTML, the charset the page declares; then UTF-8, unless the bytes are not UTF-8 at all
    (no valid multi-byte sequence, or more invalid bytes than valid sequences), in which case
    the legacy encoding is detected (charset-normalizer). Bytes invalid in the chosen encoding
    become U+FFFD and are counted in a warning: one bad byte in a UTF-8 file costs that byte,
    not the whole file's decoding. Unknown or unsafe charset names (``utf-7``, ``base64``)
    are ignored, with a warning, as browsers ignore them.
    """
    warnings: list[str] = []
    bom = _bom_codec(raw)
    if bom is not None:
        return _decode(raw, bom, warnings)
    codec = None
    if charset:
        codec = _codec(charset)
        if codec is None:
            warnings.append(f"the server declared an unknown character set {charset!r}, ignored")
    if codec is None and html:
        label = _declared_label(raw[:4096])
        codec = _codec(label) if label else None
        if label and codec is None:
            warnings.append(f"the page declares an unknown character set {label!r}, ignored")
        elif codec is not None and codec.startswith("utf-16"):
            # A page that reached us as bytes cannot really be UTF-16 if its declaration is
            # readable as ASCII; browsers treat that declaration as UTF-8 too.
            codec = "utf-8"
    if codec is not None and codec != "utf-8":
        return _decode(raw, codec, warnings)
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8", 0, tuple(warnings))
    except UnicodeDecodeError:
        pass
    marked = raw.decode("utf-8", errors=_MARK)
    invalid = marked.count(_MARKER)
    valid = len(marked) - len(marked.encode("ascii", errors="ignore")) - invalid
    if valid > invalid:  # UTF-8 with some damage: keep it, and say how much was lost
        return _decode(raw, "utf-8", warnings, marked=marked)
    guessed, encoding = _guess_decode(raw)
    if codec == "utf-8":
        warnings.append(f"declared as UTF-8 but it is not; read as {_display(encoding)}")
    return _decode(raw, encoding, warnings, marked=guessed)


def decode_html(raw: bytes, charset: str | None = None) -> str:
    """The text of :func:`decode_text` for an HTML page (its declaration is read too)."""
    return decode_text(raw, charset, html=True).text


def decode_plain_text(raw: bytes, charset: str | None = None) -> str:
    """The text of :func:`decode_text` for plain text or JSON."""
    return decode_text(raw, charset).text


# A lone surrogate: no decoder produces one from valid input, so each marks one invalid byte.
_MARKER = "\udfff"
_MARK = "sources.mark-invalid"
codecs.register_error(_MARK, lambda error: (_MARKER * (error.end - error.start), error.end))


def _decode(
    raw: bytes, codec: str, warnings: list[str], *, marked: str | None = None
) -> DecodedText:
    if marked is None:
        marked = raw.decode(codec, errors=_MARK)
    replaced = marked.count(_MARKER)
    text = marked.replace(_MARKER, "\ufffd").lstrip("\ufeff")
    if replaced:
        noun = "byte was" if replaced == 1 else "bytes were"
        warnings.append(f"{replaced} {noun} not valid {_display(codec)} and replaced by U+FFFD")
    return DecodedText(text, codec, replaced, tuple(warnings))


def _display(codec: str) -> str:
    codec = codec.removesuffix("-sig")
    if codec.startswith("cp125"):
        return "windows-" + codec[2:]
    return codec.upper() if codec.startswith("utf") else codec


# The encodings browsers implement (WHATWG Encoding Standard), by Python codec name. Anything
# else a page or server names (utf-7, EBCDIC, base64, unicode_escape) is ignored, as browsers
# ignore it: those either are not text encodings or turn plain ASCII markup into something else.
_TEXT_CODECS = frozenset(
    ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "cp866", "cp874", "koi8-r", "koi8-u"]
    + ["mac-roman", "mac-cyrillic", "gbk", "gb18030", "big5", "big5hkscs", "cp950"]
    + ["euc_jp", "iso2022_jp", "shift_jis", "cp932", "euc_kr", "cp949", "tis-620"]
    + [f"cp{number}" for number in range(1250, 1259)]
    + [f"iso8859-{number}" for number in range(1, 17) if number != 12]
)
# WHATWG labels Python spells otherwise.
_LABEL_ALIASES = {
    "windows-31j": "cp932",
    "x-sjis": "shift_jis",
    "windows-874": "cp874",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-ukrainian": "mac-cyrillic",
    "x-mac-roman": "mac-roman",
    "iso-8859-8-i": "iso8859-8",
    "gb2312": "gbk",  # browsers read GB2312 labels as its superset GBK
    "x-gbk": "gbk",
    "ks_c_5601-1987": "cp949",
}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    label = _LABEL_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return name if name in _TEXT_CODECS else None


def _bom_codec(raw: bytes) -> str | None:
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    # UTF-32's little-endian mark begins with UTF-16's, so it is looked for first.
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _declared_label(head: bytes) -> str | None:
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", errors="ignore") if match is not None else None


def _ascii_head(raw: bytes, size: int) -> bytes:
    """The first ``size`` bytes, re-encoded as UTF-8 when a byte-order mark says UTF-16 or
    UTF-32, so that signatures and markup can be recognised as bytes."""
    bom = _bom_codec(raw)
    if bom is None or bom == "utf-8-sig":
        return raw[:size].removeprefix(codecs.BOM_UTF8)
    head = raw[: size * 4].decode(bom, errors="ignore").lstrip("\ufeff")
    return head.encode("utf-8", errors="replace")[:size]


def _guess_decode(raw: bytes) -> tuple[str, str]:
    """The text of ``raw`` in its detected legacy encoding, with invalid bytes marked, and
    that encoding."""
    from charset_normalizer import from_bytes

    matches = from_bytes(raw)
    best = matches.best()
    if best is None:
        return raw.decode("cp1252", errors=_MARK), "cp1252"
    # charset-normalizer cannot tell windows-1250 from windows-1252 when both decode the text
    # equally well, and then picks 1250, turning French "fête" into "fęte". 1252 is by far the
    # more common legacy encoding on the web (the WHATWG default), so it wins such ties.
    chosen = best
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.percent_chaos <= best.percent_chaos
            and match.percent_coherence >= best.percent_coherence
        ):
            chosen = match
            break
    encoding = codecs.lookup(chosen.encoding).name
    return raw.decode(encoding, errors=_MARK), encoding


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

    decoded = decode_text(raw, charset, html=True)
    # lxml refuses str input that still carries an XML encoding declaration.
    # Escape sequences go before parsing: lxml drops the ESC byte but keeps "[31m" as text.
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", clean_article_text(decoded.text), count=1)
    if _words_of_page(markup) == "navigation":
        # trafilatura would return the menu ("Home") as the page's text.
        raise SourceError(_NAVIGATION_ONLY)
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
        warnings=decoded.warnings,
    )


_NAVIGATION_ONLY = "the page has no text beyond its navigation (menus, links, header and footer)"

# Elements whose text is the site's interface, not what the page says.
_INTERFACE_TAGS = frozenset(
    "head nav menu a button select option label form input textarea script style noscript "
    "template svg iframe object".split()
)
_INTERFACE_ROLES = frozenset(
    "navigation menu menubar menuitem banner contentinfo search toolbar tablist".split()
)
# The site's header, footer and sidebars; inside an <article> or <main> they are the article's.
_FRAME_TAGS = frozenset(["header", "footer", "aside"])
_CODE_TAGS = frozenset(["", "head", "script", "style", "noscript", "template", "svg"])
_WORD = re.compile(r"\w")


def _words_of_page(markup: str) -> Literal["content", "navigation", "none"]:
    """Where the page's words are: ``"content"`` if any are outside its menus, links, buttons,
    forms and the site-wide header, footer and sidebars; ``"navigation"`` if there are words
    only there; ``"none"`` for a page without words. Stops at the first content words, so an
    ordinary page costs one parse (about 1 % of its extraction)."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return "none"  # nothing lxml can read: trafilatura finds no text either
    interface_words = False
    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(root, False)]
    while stack:
        element, in_article = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""  # comments have no tag
        role = (element.get("role") or "").strip().lower() if tag else ""
        hidden = bool(tag) and (
            element.get("hidden") is not None or element.get("aria-hidden") == "true"
        )
        skipped = (
            not tag
            or hidden
            or tag in _INTERFACE_TAGS
            or role in _INTERFACE_ROLES
            or (tag in _FRAME_TAGS and not in_article)
        )
        if not skipped:
            if element.text and _WORD.search(element.text):
                return "content"
            inside = in_article or tag in ("article", "main") or role in ("main", "article")
            stack.extend((child, inside) for child in element)
        elif not interface_words and tag not in _CODE_TAGS:
            interface_words = bool(_WORD.search(element.text_content()))
        # The text after an element belongs to its parent, which was not skipped.
        if element is not root and element.tail and _WORD.search(element.tail):
            return "content"
    return "navigation" if interface_words else "none"


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
        decoded = decode_text(raw, charset)
        value = json.loads(decoded.text)
    except ValueError as exc:
        raise SourceError(f"not valid JSON ({_one_line(exc)})") from None
    text = "" if value in (None, "", {}, []) else json.dumps(value, indent=2, ensure_ascii=False)
    return ExtractedText(
        text=text,
        title=None,
        site=_site_from_url(url),
        published=None,
        warnings=decoded.warnings,
    )


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
