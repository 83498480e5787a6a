"""Copies of one story: which of a claim's sources are the same text, so they count once.

Three outlets running one wire story are one source of evidence, not three. Two sources are
copies when a large share of the shorter text's word runs (SHINGLE_WORDS-word shingles) are
found in the other; when both carry the same wire credit ("(Reuters) -", "Reporting by ...;
Editing by ...", "Copyright ... The Associated Press") a lower share is enough, because the
credit already says where the text came from. The credit alone is never enough: an agency files
many stories a day, on the same event too.

Why this measure: outlets trim wire stories from the bottom, rewrite the first paragraph and add
a local one, so the copy's text is mostly inside the original and vice versa, but the two sets
of shingles can differ in size a lot; the share of the SHORTER text (containment) stays high
where Jaccard similarity falls with every trimmed paragraph. Independent reports of one event
share facts, numbers and quoted statements, rarely whole runs of their own words; the measured
gap between the two kinds is in bench/RESULTS.md ("Copies of one story") and
``bench/copies.py --thresholds`` prints it again.

For the tens of sources of one claim the sets are compared exactly. Checking a new source
against every stored source uses MinHash signatures (datasketch) and a scan of their matrix,
which estimates the share of every stored source at once; the few candidates are then compared
exactly (CopyIndex).
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash
from rapidfuzz import fuzz, utils

from claim_workbench.text.tokens import words

SHINGLE_WORDS = 5
# Texts shorter than this (in words, credits removed) are never compared: a paywall notice or
# a photo caption is the same on every page of a site, and says nothing about the story.
MIN_WORDS = 40
# Share of the shorter text's shingles found in the other text that makes two sources copies:
# with a wire credit in common, and without one. See the module docstring and bench/RESULTS.md.
CREDITED_THRESHOLD = 0.4
UNCREDITED_THRESHOLD = 0.6
# From this share on the texts are called the same ("near-identical", "same text under
# different titles") rather than sharing most of their text.
NEAR_IDENTICAL = 0.9
# Titles this alike (rapidfuzz token_sort_ratio of the folded titles) count as the same title.
SAME_TITLE_RATIO = 90.0


# --- Wire credits -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Agency:
    name: str  # as shown: "Reuters", "AP"
    credits: tuple[str, ...]  # as written in a dateline's parentheses: "WASHINGTON (AP) —"
    names: tuple[str, ...]  # as written in a copyright line or a byline
    domains: tuple[str, ...] = ()  # the agency's own site: a page there carries its credit


AGENCIES: tuple[Agency, ...] = (
    Agency("AP", ("AP",), ("The Associated Press", "Associated Press"), ("apnews.com", "ap.org")),
    Agency("Reuters", ("Reuters",), ("Thomson Reuters", "Reuters"), ("reuters.com",)),
    Agency("AFP", ("AFP",), ("Agence France-Presse", "Agence France Presse", "AFP"), ("afp.com",)),
    Agency("dpa", ("dpa",), ("Deutsche Presse-Agentur", "dpa"), ("dpa.com",)),
    Agency("EFE", ("EFE",), ("Agencia EFE", "EFE"), ("efe.com",)),
    Agency("ANSA", ("ANSA",), ("ANSA",), ("ansa.it",)),
    Agency("PA Media", ("PA",), ("PA Media", "Press Association"), ("pa.media",)),
    Agency(
        "Bloomberg",
        ("Bloomberg",),
        ("Bloomberg News", "Bloomberg L.P.", "Bloomberg"),
        ("bloomberg.com",),
    ),
    Agency("Xinhua", ("Xinhua",), ("Xinhua News Agency", "Xinhua"), ("xinhuanet.com", "news.cn")),
    Agency("Kyodo", ("Kyodo",), ("Kyodo News",), ("kyodonews.net",)),
    Agency("Yonhap", ("Yonhap",), ("Yonhap News Agency", "Yonhap"), ("yna.co.kr",)),
    Agency("AAP", ("AAP",), ("Australian Associated Press",), ("aap.com.au",)),
    Agency("Canadian Press", ("CP",), ("The Canadian Press",), ("thecanadianpress.com",)),
    Agency("UPI", ("UPI",), ("United Press International",), ("upi.com",)),
    Agency("Anadolu", ("AA",), ("Anadolu Agency", "Anadolu Ajansı"), ("aa.com.tr",)),
    Agency("TASS", ("TASS",), ("TASS",), ("tass.com", "tass.ru")),
    Agency("PTI", ("PTI",), ("Press Trust of India",), ("ptinews.com",)),
    Agency("ANI", ("ANI",), ("Asian News International",), ("aninews.in",)),
    Agency("Europa Press", ("Europa Press",), ("Europa Press",), ("europapress.es",)),
    Agency("Lusa", ("Lusa",), ("Agência Lusa",), ("lusa.pt",)),
)

_BY_CREDIT = {credit.casefold(): agency.name for agency in AGENCIES for credit in agency.credits}
_BY_NAME = {name.casefold(): agency.name for agency in AGENCIES for name in agency.names}
_BY_DOMAIN = {domain: agency.name for agency in AGENCIES for domain in agency.domains}


def _alternatives(names: Iterable[str]) -> str:
    # Longest first, so "Thomson Reuters" wins over "Reuters"; spaces match any run of spaces.
    ordered = sorted(set(names), key=len, reverse=True)
    return "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in ordered)


_CREDIT = _alternatives([c for a in AGENCIES for c in a.credits])
_NAME = _alternatives([n for a in AGENCIES for n in a.names])
_DASH = r"(?:-{1,2}|[—–]|\.-|:)"
# "WASHINGTON (AP) —", "LONDON, Nov 30 (Reuters) -", "MADRID, 3 dic (EFE).-", "(Bloomberg) --",
# "BEIJING, Dec. 3 (Xinhua) --": a credit in parentheses, alone or with another one
# ("(AP/Reuters)"), near the start of a paragraph and followed by a dash. "(AP Photo/...)" is
# a photo credit, not the text's, and does not match.
_DATELINE_RE = re.compile(
    rf"^[^\S\n]*[^\n()]{{0,60}}?"
    rf"\((?P<credits>(?:{_CREDIT})(?:[^\S\n]*[/,][^\S\n]*(?:{_CREDIT})){{0,3}})\)"
    rf"[^\S\n]*{_DASH}[^\S\n]*",
    re.MULTILINE | re.IGNORECASE,
)
# "(ANSA) - ROME, DEC 3 -": ANSA puts the credit first.
_CREDIT_FIRST_RE = re.compile(
    rf"^[^\S\n]*\((?P<credits>{_CREDIT})\)[^\S\n]*{_DASH}[^\n]{{0,40}}?{_DASH}[^\S\n]*",
    re.MULTILINE | re.IGNORECASE,
)
# "© Reuters", "Copyright 2026 The Associated Press. All rights reserved. ...", "(c) Copyright
# Thomson Reuters 2026", "© 2026 AFP": the whole line goes (its boilerplate is the agency's).
# Searched unanchored, the line found afterwards: a pattern starting "^[^\n]*" would try every
# position of a long line again for each of its "copyright" words.
_COPYRIGHT_RE = re.compile(
    rf"(?:©|\(c\)|\bcopyright\b)(?:[^\S\n]*(?:©|\(c\)|\bcopyright\b)){{0,2}}[^\S\n]*"
    rf"(?:\d{{4}}(?:[^\S\n]*[-–][^\S\n]*\d{{4}})?[^\S\n]*,?[^\S\n]*)?(?P<name>{_NAME})\b",
    re.IGNORECASE,
)
# A line that is only the credit: "AFP", "— Reuters", "Source: AFP", "By Agence France-Presse",
# or a byline ending in it: "By JOHN SMITH Associated Press", "By Jane Doe, PA Media".
_CREDIT_LINE_RE = re.compile(
    rf"^[^\S\n]*(?:[-—–]+[^\S\n]*|source:[^\S\n]*|by[^\S\n]+(?:[^\n]{{1,60}}?[,|/–—-]?[^\S\n]+)?)?"
    rf"(?P<name>{_NAME})[^\S\n]*\.?[^\S\n]*$",
    re.MULTILINE | re.IGNORECASE,
)
# Agencies' own sign-off lines.
_SIGNOFFS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Reuters: "(Reporting by A in X; Writing by B; Editing by C)"
    (
        re.compile(
            r"^[^\S\n]*\(?[^\S\n]*(?:additional[^\S\n]+)?(?:reporting|writing)[^\S\n]+by\b"
            r"[^\n]{0,300}?\bediting[^\S\n]+by\b[^\n]*$",
            re.MULTILINE | re.IGNORECASE,
        ),
        "Reuters",
    ),
    # AP: "Associated Press writers A and B contributed to this report."
    (
        re.compile(
            r"\bAssociated[^\S\n]+Press[^\S\n]+(?:writers?|reporters?|correspondents?|"
            r"journalists?|videojournalists?)\b[^\n]{0,300}?\bcontributed\b",
            re.IGNORECASE,
        ),
        "AP",
    ),
    # Bloomberg: "--With assistance from A." and "To contact the reporter on this story:"
    (
        re.compile(
            r"^[^\S\n]*[-—–]{1,2}[^\S\n]*with[^\S\n]+assistance[^\S\n]+from\b[^\n]*$",
            re.MULTILINE | re.IGNORECASE,
        ),
        "Bloomberg",
    ),
    (
        re.compile(
            r"^[^\S\n]*to[^\S\n]+contact[^\S\n]+the[^\S\n]+(?:reporters?|editors?)"
            r"[^\S\n]+(?:on|responsible[^\S\n]+for)[^\S\n]+this[^\S\n]+story\b[^\n]*$",
            re.MULTILINE | re.IGNORECASE,
        ),
        "Bloomberg",
    ),
    # dpa's item number: "dpa:261203-99-123456/2"
    (re.compile(r"\bdpa:\d{6}-\d{2}-\d+(?:/\d+)?"), "dpa"),
)


def _line_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the whole line(s) holding text[start:end]."""
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end


def _agencies_in(credits: str) -> list[str]:
    return [_BY_CREDIT[part.strip().casefold()] for part in re.split(r"[/,]", credits)]


def find_credits(text: str) -> tuple[frozenset[str], list[tuple[int, int]]]:
    """The wire agencies credited in ``text`` and the spans of the credits themselves.

    Only the forms an agency's copy carries count: a dateline ("ANKARA, Nov 30 (Reuters) -"),
    a copyright line, a sign-off ("Reporting by ...; Editing by ..."), a credit line or byline
    ending in the agency's name. A story that cites an agency ("Reuters reported", "according
    to AFP") is not the agency's copy and is not credited to it.
    """
    found: set[str] = set()
    spans: list[tuple[int, int]] = []
    for pattern in (_DATELINE_RE, _CREDIT_FIRST_RE):
        for match in pattern.finditer(text):
            found.update(_agencies_in(match.group("credits")))
            spans.append(match.span())
    for pattern in (_COPYRIGHT_RE, _CREDIT_LINE_RE):
        for match in pattern.finditer(text):
            found.add(_BY_NAME[re.sub(r"\s+", " ", match.group("name")).casefold()])
            spans.append(_line_of(text, *match.span()))
    for pattern, agency in _SIGNOFFS:
        for match in pattern.finditer(text):
            found.add(agency)
            spans.append(_line_of(text, *match.span()))
    return frozenset(found), sorted(spans)


def _without(text: str, spans: Sequence[tuple[int, int]]) -> str:
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        if start > position:
            pieces.append(text[position:start])
        position = max(position, end)
    pieces.append(text[position:])
    return " ".join(pieces)


# --- Sources and their fingerprints -----------------------------------------------------------


class CopySource(Protocol):
    """What copy detection reads of a source; claim_workbench.store.models.Source has all of it."""

    @property
    def id(self) -> int | None: ...
    @property
    def text(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def site(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def published(self) -> dt.date | None: ...


@dataclass(frozen=True, slots=True)
class SourceText:
    """A source given by its parts (for callers that do not hold store.models.Source rows)."""

    id: int
    text: str
    title: str | None = None
    site: str | None = None
    url: str | None = None
    published: dt.date | None = None
    final_url: str | None = None


def host_of(source: CopySource) -> str | None:
    """The source's host, lowercase and without "www." (from its final URL, its URL or site)."""
    for address in (getattr(source, "final_url", None), source.url):
        if address:
            host = urlsplit(address if "//" in address else f"//{address}").hostname
            if host:
                return host.removeprefix("www.")
    site = (source.site or "").strip().lower()
    if site and " " not in site and "." in site:
        return site.removeprefix("www.")
    return None


def agency_of_host(host: str | None) -> str | None:
    """The wire agency whose own site ``host`` is ("reuters.com", "www.apnews.com"), or None."""
    if not host:
        return None
    for domain, agency in _BY_DOMAIN.items():
        if host == domain or host.endswith("." + domain):
            return agency
    return None


def _address(source: CopySource) -> str | None:
    return getattr(source, "final_url", None) or source.url


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What two sources are compared on; computed once per source."""

    id: int
    shingles: frozenset[int]  # crc32 of each SHINGLE_WORDS-word run, credits removed
    words: int
    credits: frozenset[str]  # wire agencies credited in the text or owning the site
    host: str | None
    title: str  # folded for comparison
    address: str | None
    published: dt.date | None

    @property
    def comparable(self) -> bool:
        return self.words >= MIN_WORDS


def shingles_of(text: str) -> tuple[frozenset[int], int]:
    """The text's SHINGLE_WORDS-word shingles (as crc32 hashes) and its number of words.

    Words as text.tokens.words gives them: lowercase, punctuation gone, number words as digits
    ("eighty-two" and "82" are one word), so a copy edited for house style still matches.
    """
    tokens = words(text)
    if len(tokens) < SHINGLE_WORDS:
        joined = " ".join(tokens)
        return (frozenset({zlib.crc32(joined.encode())}) if tokens else frozenset()), len(tokens)
    return (
        frozenset(
            zlib.crc32(" ".join(tokens[index : index + SHINGLE_WORDS]).encode())
            for index in range(len(tokens) - SHINGLE_WORDS + 1)
        ),
        len(tokens),
    )


def fingerprint(source: CopySource) -> Fingerprint:
    if source.id is None:
        raise ValueError("a source must be stored (have an id) to be compared")
    credits, spans = find_credits(source.text)
    host = host_of(source)
    own = agency_of_host(host)
    if own is not None:
        credits = credits | {own}
    shingles, count = shingles_of(_without(source.text, spans))
    return Fingerprint(
        id=source.id,
        shingles=shingles,
        words=count,
        credits=credits,
        host=host,
        title=utils.default_process(source.title or ""),
        address=_address(source),
        published=source.published,
    )


# --- Comparing two sources --------------------------------------------------------------------

_KIND_PHRASES = {
    "same-page": "the same page stored twice",
    "same-site-text": "same text at two addresses on {host}",
    "different-titles": "same text under different titles",
    "near-identical": "near-identical text",
    "shared-text": "largely the same text",
}


@dataclass(frozen=True, slots=True)
class CopyLink:
    """Why the source ``source_id`` is a copy of the source ``copy_of``."""

    source_id: int
    copy_of: int
    similarity: float  # share of the shorter text's shingles found in the other, 0..1
    credits: tuple[str, ...]  # wire credits the two share, sorted
    kind: str  # a key of _KIND_PHRASES
    host: str | None = None  # the site both are on, for "same-page" and "same-site-text"

    @property
    def reason(self) -> str:
        """One line: "same wire credit: Reuters; near-identical text (similarity 0.93)"."""
        phrases = [f"same wire credit: {', '.join(self.credits)}"] if self.credits else []
        phrases.append(
            f"{_KIND_PHRASES[self.kind].format(host=self.host)} (similarity {self.similarity:.2f})"
        )
        return "; ".join(phrases)

    def towards(self, source_id: int, copy_of: int) -> CopyLink:
        """The same link, read from ``source_id`` to ``copy_of`` (a link holds both ways)."""
        return replace(self, source_id=source_id, copy_of=copy_of)


def similarity(first: Fingerprint, second: Fingerprint) -> float:
    """Share of the shorter text's shingles found in the other (0 when either is too short)."""
    if not (first.comparable and second.comparable):
        return 0.0
    smaller, larger = sorted((first.shingles, second.shingles), key=len)
    return len(smaller & larger) / len(smaller) if smaller else 0.0


def threshold_for(first: Fingerprint, second: Fingerprint) -> float:
    """The share two sources must reach to be copies: lower when a wire credit is shared."""
    return CREDITED_THRESHOLD if first.credits & second.credits else UNCREDITED_THRESHOLD


def compare(first: Fingerprint, second: Fingerprint) -> CopyLink | None:
    """A link saying ``second`` is a copy of ``first``, or None when they are not copies."""
    share = similarity(first, second)
    if share < threshold_for(first, second):
        return None
    shared = tuple(sorted(first.credits & second.credits))
    kind, host = "shared-text", None
    if share >= NEAR_IDENTICAL:
        if first.host and first.host == second.host:
            same_page = first.address is not None and first.address == second.address
            kind, host = ("same-page" if same_page else "same-site-text"), first.host
        elif first.title and second.title and not _same_title(first.title, second.title):
            kind = "different-titles"
        else:
            kind = "near-identical"
    return CopyLink(
        source_id=second.id,
        copy_of=first.id,
        similarity=round(share, 4),
        credits=shared,
        kind=kind,
        host=host,
    )


def _same_title(first: str, second: str) -> bool:
    return fuzz.token_sort_ratio(first, second) >= SAME_TITLE_RATIO


# --- Grouping a claim's sources ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CopyGroup:
    """Sources that are copies of one story; the representative stands for them all."""

    representative: int
    source_ids: tuple[int, ...]  # the representative first, then in the order given
    links: tuple[CopyLink, ...]  # one per other member, in source_ids order: why it is a copy
    credits: tuple[str, ...]  # wire credits every member carries, sorted
    hosts: tuple[str | None, ...]  # each member's host, in source_ids order

    def __len__(self) -> int:
        return len(self.source_ids)

    def link_of(self, source_id: int) -> CopyLink | None:
        """Why ``source_id`` is in the group (None for the representative)."""
        return next((link for link in self.links if link.source_id == source_id), None)

    def label(self, names: Mapping[int, str] | None = None) -> str:
        """One line for the pane or a report, e.g. "3 copies of one story, counted once:
        reuters.com, herald.example, citypost.example — same wire credit: Reuters; largely
        the same text (similarity 0.84-0.87)".

        Members are named by ``names`` (source id -> short name, e.g. a site or a title) when
        given, else by their host, else "#id". Source titles and hosts are untrusted text:
        render the line as plain text, never as markup.
        """
        names = names or {}
        shown = [
            names.get(source_id) or host or f"#{source_id}"
            for source_id, host in zip(self.source_ids, self.hosts, strict=True)
        ]
        values = [link.similarity for link in self.links]
        low, high = min(values), max(values)
        figure = f"{low:.2f}" if f"{low:.2f}" == f"{high:.2f}" else f"{low:.2f}-{high:.2f}"
        hosts = ", ".join(sorted({link.host for link in self.links if link.host}))
        kinds = dict.fromkeys(link.kind for link in self.links)
        phrases = [f"same wire credit: {', '.join(self.credits)}"] if self.credits else []
        phrases.extend(_KIND_PHRASES[kind].format(host=hosts) for kind in kinds)
        return (
            f"{len(self)} copies of one story, counted once: {', '.join(shown)} — "
            f"{'; '.join(phrases)} (similarity {figure})"
        )


def group_copies(
    sources: Iterable[CopySource], *, cache: dict[int, Fingerprint] | None = None
) -> list[CopyGroup]:
    """Groups of two or more sources that are copies of one story, in the order given.

    Give a claim's sources in the order they were attached; a source given twice counts once.
    A group is every source linked to another by ``compare``, directly or through a third one
    (an outlet's trimmed copy and another's extended copy of one wire story belong together
    through the original, even when they share less text between themselves). The
    representative is the copy on the credited agency's own site if there is one, else the
    earliest published, else the first given. ``cache`` (source id -> fingerprint) saves
    reading a source shared by many claims again, as a report over a whole article does.
    """
    prints: list[Fingerprint] = []
    seen: set[int] = set()
    for source in sources:
        if source.id is not None and source.id in seen:
            continue
        cached = cache.get(source.id) if cache is not None and source.id is not None else None
        print_ = cached or fingerprint(source)
        if cache is not None:
            cache[print_.id] = print_
        prints.append(print_)
        seen.add(print_.id)
    return group_fingerprints(prints)


def group_fingerprints(prints: Sequence[Fingerprint]) -> list[CopyGroup]:
    """group_copies on fingerprints already computed (distinct ids, in attach order)."""
    parent = list(range(len(prints)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    links: dict[tuple[int, int], CopyLink] = {}  # (earlier index, later index) -> link
    for first in range(len(prints)):
        for second in range(first + 1, len(prints)):
            link = compare(prints[first], prints[second])
            if link is not None:
                links[first, second] = link
                parent[root(second)] = root(first)
    members: dict[int, list[int]] = {}
    for index in range(len(prints)):
        members.setdefault(root(index), []).append(index)
    return [
        _group(prints, indexes, links) for indexes in members.values() if len(indexes) > 1
    ]  # in order of each group's first member, as dicts keep insertion order


def _group(
    prints: Sequence[Fingerprint], indexes: list[int], links: Mapping[tuple[int, int], CopyLink]
) -> CopyGroup:
    shared = frozenset.intersection(*(prints[index].credits for index in indexes))
    own_site = [index for index in indexes if agency_of_host(prints[index].host) in shared]
    chosen = min(
        own_site or indexes,
        key=lambda index: (
            prints[index].published is None,
            prints[index].published or dt.date.min,
            index,
        ),
    )
    order = [chosen, *(index for index in indexes if index != chosen)]
    member_links = []
    for index in order[1:]:
        # The direct link to the representative when there is one, else the member's
        # strongest link inside the group.
        direct = links.get((min(index, chosen), max(index, chosen)))
        if direct is not None:
            other = chosen
            link = direct
        else:
            (a, b), link = max(
                ((pair, link) for pair, link in links.items() if index in pair),
                key=lambda item: item[1].similarity,
            )
            other = b if a == index else a
        member_links.append(link.towards(prints[index].id, prints[other].id))
    return CopyGroup(
        representative=prints[chosen].id,
        source_ids=tuple(prints[index].id for index in order),
        links=tuple(member_links),
        credits=tuple(sorted(shared)),
        hosts=tuple(prints[index].host for index in order),
    )


# --- Counting independent sources -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Independence:
    sources: int
    independent: int

    @property
    def label(self) -> str:
        return independence_label(self.sources, self.independent)


def independence(source_ids: Iterable[int], groups: Sequence[CopyGroup]) -> Independence:
    """How many distinct sources ``source_ids`` holds and how many of them are independent:
    the members of one group of copies count once. ``source_ids`` may repeat (a claim's
    evidence holds several passages of one source) and may be a subset of the grouped
    sources, such as those a reviewer marked as supporting the claim."""
    distinct = set(source_ids)
    repeated = sum(max(len(distinct.intersection(group.source_ids)) - 1, 0) for group in groups)
    return Independence(sources=len(distinct), independent=len(distinct) - repeated)


def independence_label(sources: int, independent: int) -> str:
    """ "3 sources, 2 independent"; "1 source"; "no sources"."""
    if sources == 0:
        return "no sources"
    if sources == 1:
        return "1 source"
    return f"{sources} sources, {independent} independent"


# --- Checking a new source against every stored one -------------------------------------------

NUM_PERM = 128
# A candidate is compared exactly unless its estimated share is more than this many standard
# errors of the estimate below the pair's threshold (MinHash estimates Jaccard similarity with
# a standard error of sqrt(J(1 - J) / NUM_PERM); the share derived from it is less certain the
# more the two texts differ in length).
CANDIDATE_ERRORS = 3.0
MIN_CANDIDATE_MARGIN = 0.05


def _identity(value: int) -> int:
    return value


@cache
def _template() -> MinHash:
    # datasketch takes about half a second to import: grouping a claim's sources (the detail
    # pane, a report) never needs it, only the index over every stored source does.
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_identity, scheme="affine32")


def signature(shingles: Iterable[int]) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a set of shingle hashes."""
    minhash = _template().copy()
    minhash.update_batch(list(shingles))
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


class CopyIndex:
    """MinHash signatures of many stored sources, to find the stored copies of a new one.

    Keeps NUM_PERM x 4 bytes per source, plus its size and credits (the shingle sets of
    10,000 sources would take hundreds of megabytes). ``candidates`` scans the whole
    signature matrix with numpy, which estimates every stored source's share at once whatever
    the two texts' lengths (a Jaccard-threshold LSH index would miss a short trimmed copy of a
    long story); ``find`` then compares the few candidates exactly, from texts the caller
    loads by id. Sources too short to compare are not kept.
    """

    def __init__(self) -> None:
        self._ids: list[int] = []
        self._sizes: list[int] = []
        self._credits: list[frozenset[str]] = []
        self._rows: list[np.ndarray] = []
        self._matrix: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, source: CopySource | Fingerprint) -> None:
        print_ = source if isinstance(source, Fingerprint) else fingerprint(source)
        if not print_.comparable:
            return
        self._ids.append(print_.id)
        self._sizes.append(len(print_.shingles))
        self._credits.append(print_.credits)
        self._rows.append(signature(print_.shingles))
        self._matrix = None

    def candidates(self, print_: Fingerprint) -> list[tuple[int, float]]:
        """Stored sources that may be copies of ``print_``, as (id, estimated share), most
        similar first; the source itself (same id) is left out."""
        if not print_.comparable or not self._ids:
            return []
        if self._matrix is None:
            self._matrix = np.vstack(self._rows)
        jaccard = (self._matrix == signature(print_.shingles)).mean(axis=1)
        sizes = np.asarray(self._sizes, dtype=np.float64)
        size = float(len(print_.shingles))
        smaller = np.minimum(sizes, size)
        # |A & B| = J (|A| + |B|) / (1 + J); the share is that over the smaller set.
        slope = (sizes + size) / ((1.0 + jaccard) ** 2 * smaller)
        share = jaccard * (sizes + size) / ((1.0 + jaccard) * smaller)
        error = slope * np.sqrt(np.maximum(jaccard * (1.0 - jaccard), 1.0 / NUM_PERM) / NUM_PERM)
        thresholds = np.fromiter(
            (
                CREDITED_THRESHOLD if credits & print_.credits else UNCREDITED_THRESHOLD
                for credits in self._credits
            ),
            dtype=np.float64,
            count=len(self._credits),
        )
        floor = thresholds - np.maximum(CANDIDATE_ERRORS * error, MIN_CANDIDATE_MARGIN)
        found = [
            (self._ids[i], round(float(min(share[i], 1.0)), 4))
            for i in np.flatnonzero(share >= floor)
            if self._ids[i] != print_.id
        ]
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def find(self, source: CopySource, load: Callable[[int], CopySource | None]) -> list[CopyLink]:
        """Links from the new ``source`` to each stored source it is a copy of, most similar
        first. ``load`` returns a stored source by id (None if it is gone meanwhile)."""
        print_ = fingerprint(source)
        links = []
        for source_id, _estimate in self.candidates(print_):
            stored = load(source_id)
            if stored is None:
                continue
            link = compare(fingerprint(stored), print_)
            if link is not None:
                links.append(link)
        return sorted(links, key=lambda link: (-link.similarity, link.copy_of))
