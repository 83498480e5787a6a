"""Cue patterns for the kinds of claim a sentence makes, and for sentences that make none.

Every pattern is general English (no names, places or topics), bounded and precompiled so a
sentence is classified in linear time.
"""

from __future__ import annotations

import re

_SUPERLATIVE_RE = re.compile(
    r"\b(?:largest|biggest|greatest|highest|lowest|smallest|fastest|slowest|longest|shortest"
    r"|oldest|youngest|newest|deadliest|bloodiest|strongest|weakest|richest|poorest|worst|best"
    r"|busiest|heaviest|tallest|widest|costliest|hottest|coldest|wettest|driest|warmest|cheapest"
    r"|safest|most\s+(?:powerful|advanced|expensive|important|significant|dangerous|popular"
    r"|successful|common|visited|populous|valuable|senior|extensive|ambitious|severe|serious)"
    r"|unprecedented|first[- ]ever|all[- ]time\s+(?:high|low|record)|record[- ](?:high|low"
    r"|levels?|numbers?|breaking|setting|amounts?)|(?:a|new|set\s+a|broke\s+the)\s+record"
    r"|on\s+record|for\s+the\s+first\s+time|never\s+before|the\s+first\s+\w+\s+to"
    r"|(?:the|its|their|his|her)\s+only\s+\w+)\b",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:January|February|March|April|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
# "May" only where it is plainly the month: before a day or after a time preposition.
_TEMPORAL_RE = re.compile(
    rf"\b{_MONTH}(?:\s+\d{{1,2}})?\b"
    r"|\bMay\s+\d{1,2}\b|\b(?:in|since|by|until|early|late|mid|last|next|this)[\s-]+May\b"
    r"|\b(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|(?i:\b(?:in|since|by|from|until|during|before|after|of|early|late|mid-?)\s+(?:1[89]|20)\d\d\b"
    r"|\b(?:earlier|later|last|this|next|previous|past|same)\s+(?:year|month|week|decade|spring"
    r"|summer|autumn|fall|winter|weekend|century|morning|evening|night)\b"
    r"|\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many)"
    r"\s+(?:days?|weeks?|months?|years?|decades?)\s+(?:ago|earlier|later)\b"
    r"|\b(?:yesterday|overnight|last\s+night)\b"
    r"|\bin\s+recent\s+(?:days|weeks|months|years)\b"
    r"|\bsince\s+the\s+(?:start|beginning|end|outbreak|launch)\b"
    r"|\b(?:began|started|ended|launched|opened)\s+in\b)",
)
_DESIGNATION_RE = re.compile(
    r"\bdesignat(?:e|ed|es|ing|ion|ions)\b"
    r"|\b(?:classified|listed|recogni[sz]ed|labell?ed|branded|certified|registered)\s+as\b"
    r"|\b(?:declared|ruled|deemed|found|judged|held)\s+(?:\w+\s+){0,3}?(?:unlawful"
    r"|illegal|unconstitutional|invalid|lawful|legal|void|guilty|not\s+guilty|liable)\b"
    r"|\bterrorist\s+(?:organi[sz]ations?|groups?|entit(?:y|ies))\b"
    r"|\bstate\s+of\s+(?:emergency|war)\b|\bblacklist(?:ed|s)?\b|\boutlawed\b"
    r"|\b(?:indicted|convicted|acquitted|impeached|sanctioned|banned)\b|\bcharged\s+with\b"
    r"|\bsigned\s+into\s+law\b|\bratified\b|\bsentenced\s+to\b",
    re.IGNORECASE,
)
_IRREGULAR_PARTICIPLES = (
    r"begun|done|gone|seen|taken|given|made|sent|spent|built|brought|bought|caught|fought|held"
    r"|hit|led|left|lost|met|paid|put|run|set|shot|struck|sold|thrown|won|written|grown|risen"
    r"|fallen|drawn|flown|beaten|broken|chosen|driven|stolen|sworn|torn|withdrawn|undertaken"
    r"|become|come|cut|kept|found|shut|sunk|spread"
)
_ADVERB = r"(?:\w+ly\s+|also\s+|now\s+|already\s+|just\s+|since\s+|not\s+|never\s+)?"
_EVENT_RE = re.compile(
    rf"\b(?:has|have|had)\s+{_ADVERB}(?:been\s+)?(?:[a-z]{{3,}}ed|{_IRREGULAR_PARTICIPLES})\b"
    rf"|\b(?:was|were)\s+{_ADVERB}(?:[a-z]{{3,}}ed|{_IRREGULAR_PARTICIPLES})\b"
    r"|\b(?:arrived|deployed|launched|attacked|struck|seized|captured|invaded|fired|killed"
    r"|destroyed|bombed|raided|arrested|detained|signed|passed|approved|rejected|vetoed|voted"
    r"|won|lost|elected|appointed|resigned|died|collapsed|crashed|exploded|erupted|began"
    r"|started|ended|opened|closed|increased|decreased|rose|fell|dropped|doubled|tripled"
    r"|surged|plunged|grew|shrank|imposed|lifted|sent|moved|withdrew|expanded|intensified"
    r"|escalated|occurred|happened|visited|hosted|sued|filed|fined|spent|built|sold|bought"
    r"|acquired|merged|hired|laid\s+off|evacuated|crossed|entered|reached|landed|sank"
    r"|released|published|issued|ordered|authori[sz]ed|carried\s+out|took\s+place|took\s+over"
    r"|set\s+up|shut\s+down|broke\s+out)\b",
)
_BOILERPLATE_RE = re.compile(
    r"\b(?:subscribe|newsletter|sign\s+up|click\s+here|follow\s+us|share\s+this|all\s+rights"
    r"\s+reserved|cookies?|advertisement|read\s+more|related\s+(?:articles?|stories)|copyright"
    r"|terms\s+of\s+(?:use|service)|privacy\s+policy|download\s+(?:our|the)\s+app"
    r"|log\s+in|sign\s+in|comments?\s+section|contact\s+us)\b|©",
    re.IGNORECASE,
)
_GREETING_RE = re.compile(
    r"^\W*(?:hello|hi|hey|good\s+(?:morning|evening|afternoon|night)|thank\s+you|thanks"
    r"|welcome|dear|congratulations|goodbye|bye)\b",
    re.IGNORECASE,
)
_OPINION_RE = re.compile(
    r"\b(?:I|we)\s+(?:really\s+)?(?:think|believe|feel|hope|guess|suppose|love|like|want|wish"
    r"|must|should)\b|\bin\s+my\s+(?:opinion|view)\b|\bI['’]m\s+(?:sure|convinced)\b",
    re.IGNORECASE,
)
_QUESTION_END_RE = re.compile(r"\?[\"”’')\]]*\s*$")
_WORD_RE = re.compile(r"[^\W\d_]{2,}")

MIN_CLAIM_WORDS = 4


def has_superlative(sentence: str) -> bool:
    return _SUPERLATIVE_RE.search(sentence) is not None


def has_temporal(sentence: str) -> bool:
    return _TEMPORAL_RE.search(sentence) is not None


def has_designation(sentence: str) -> bool:
    return _DESIGNATION_RE.search(sentence) is not None


def has_event(sentence: str) -> bool:
    return _EVENT_RE.search(sentence) is not None


def is_question(sentence: str) -> bool:
    return _QUESTION_END_RE.search(sentence) is not None


def is_boilerplate(sentence: str) -> bool:
    return _BOILERPLATE_RE.search(sentence) is not None or _GREETING_RE.match(sentence) is not None


def is_opinion(sentence: str) -> bool:
    """First-person opinion or wish ("I think", "we must"): a view, not a checkable fact."""
    return _OPINION_RE.search(sentence) is not None


def word_count(sentence: str) -> int:
    return sum(1 for _ in _WORD_RE.finditer(sentence))
