"""Names for duplicate detection: what a name cell says once LinkedIn's decorations are gone,
and nicknames from the maintained ``nicknames`` dataset (Bob~Robert, Liz~Elizabeth,
Peggy~Margaret): never a hand-typed list.

Names are cleaned only for comparison; the sheet keeps what was typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from nicknames import NickNamer

__all__ = ["clean_name", "first_forms", "nickname_related", "row_name"]

_NICKNAMES = NickNamer()

# credentials people add after their name on LinkedIn (compared without dots, case-insensitive)
CREDENTIALS = frozenset(
    [
        "phd",
        "dphil",
        "edd",
        "md",
        "mba",
        "emba",
        "cpa",
        "cfa",
        "cma",
        "cia",
        "cisa",
        "cissp",
        "pmp",
        "csm",
        "cspo",
        "psm",
        "safe",
        "pe",
        "ceng",
        "esq",
        "jd",
        "llb",
        "llm",
        "rn",
        "np",
        "pa",
        "dds",
        "dvm",
        "msc",
        "ms",
        "ma",
        "mfa",
        "mph",
        "msw",
        "meng",
        "beng",
        "bsc",
        "bs",
        "ba",
        "bcom",
        "mcom",
        "bba",
        "acca",
        "aca",
        "fca",
        "cima",
        "frsa",
        "shrm",
        "cp",
        "scp",
        "phr",
        "sphr",
        "gphr",
        "cpcc",
        "pcc",
        "acc",
        "mcc",
        "cipd",
        "mcipd",
        "ccie",
        "ccna",
        "aws",
        "ocp",
        "itil",
        "prince2",
        "lssbb",
        "lssgb",
        "cscp",
        "cpim",
        "faicd",
        "gaicd",
        "caia",
        "frm",
    ]
)
TITLES_BEFORE = frozenset(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"])
GENERATIONAL = frozenset(["jr", "sr", "ii", "iii", "iv"])
_PRONOUNS_RE = re.compile(
    r"[(\[]?\s*\b(?:he|she|they|ze|xe)\s*/\s*(?:him|her|them|they|hers|his|she|he|zir|xem)\b(?:\s*/\s*\w+)?\s*[)\]]?", re.I
)
# LinkedIn banners: "Tom Berg - Hiring!", "Ada Obi | Open to work", "Sam Lee • Recruiter at X", "#OpenToWork"
_BANNER_CUT_RE = re.compile(r"\s+(?:[-–—|•·~]|::)\s+.*$|\s*[|•·]\s*.*$")
_BANNER_WORDS_RE = re.compile(
    r"(?i)#?\b(?:open\s*to\s*work|opentowork|we'?re\s+hiring|now\s+hiring|hiring!?|actively\s+looking|looking\s+for\s+(?:new\s+)?opportunities)\b.*$"
)
_BANNER_WORD_RE = re.compile(r"(?i)\b(?:open\s*to\s*work|hiring)\b!?")
_HASHTAG_RE = re.compile(r"#\w+")
_BRACKETS_RE = re.compile(r"\s*[(\[{][^)\]}]*[)\]}]")


def _symbol(ch: str) -> bool:
    """Emoji, pictographs and other symbols (not letters, marks, digits or name punctuation)."""
    if ch in " -'’.,":
        return False
    cat = unicodedata.category(ch)
    return cat[0] in "SC" or (cat in ("Po", "Pd", "Ps", "Pe", "Pi", "Pf") and ch not in "-'’.,")


def _credential(token: str) -> bool:
    return token.lower().replace(".", "").strip() in CREDENTIALS


def _drop_credentials(text: str) -> str:
    """ "Mei Gallo, PhD" -> "Mei Gallo"; "Gallo, PhD, MBA" -> "Gallo"; a lone trailing "MBA" in
    its credential spelling goes too, but "Jack Ma" keeps his name."""
    parts = [p.strip() for p in text.split(",")]
    while len(parts) > 1 and parts[-1] and all(_credential(t) for t in parts[-1].split()):
        parts.pop()
    tokens = ", ".join(parts).split()
    while len(tokens) > 2 and _credential(tokens[-1]) and _credential_spelling(tokens[-1]):
        tokens.pop()
    while len(tokens) > 1 and tokens[0].lower().strip(".") in TITLES_BEFORE:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1].lower().strip(".,") in GENERATIONAL:
        tokens.pop()
    return " ".join(tokens).strip(" ,")


def _credential_spelling(token: str) -> bool:
    """ "PhD", "MBA", "Ph.D." (as credentials are written), not "Ma" or "Pa"."""
    bare = token.replace(".", "")
    return bare.isupper() or bare in ("PhD", "DPhil", "EdD", "MSc", "BSc", "MEng", "BEng", "BCom", "MCom", "LLB", "LLM")


@lru_cache(maxsize=200_000)
def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _PRONOUNS_RE.sub(" ", text)
    text = _HASHTAG_RE.sub(" ", text).strip()
    text = _BANNER_WORDS_RE.sub("", text) or _BANNER_WORD_RE.sub(" ", text)  # "Hiring! Ravi Kumar": the word only
    text = _BANNER_CUT_RE.sub("", text)
    text = _BRACKETS_RE.sub(" ", text)
    text = "".join(" " if _symbol(ch) else ch for ch in text)
    text = " ".join(text.split()).strip(" -,.")
    return _drop_credentials(text)


def clean_name(value: Any) -> str:
    """A name cell without what LinkedIn adds to it: emoji, credentials (PhD, MBA, CPA...),
    pronouns ("(he/him)"), banners ("- Hiring!", "| Open to work"), honorifics; "" when empty."""
    if not isinstance(value, str):
        value = "" if value is None or value != value else str(value)
    return _clean(value) if value.strip() else ""


def row_name(first: Any, last: Any, full: Any) -> tuple[str, str]:
    """(first, last) as typed but cleaned: from the first and last name cells, or from a single
    "Name" cell ("Mei Gallo, PhD", "LOVELACE, Ada", "Sam Lee (he/him)") when that is all the row
    has or when the reader only split that cell for us."""
    from ..workbook.reader import split_full_name

    f, ln, whole = clean_name(first), clean_name(last), clean_name(full)
    if whole and ((not f and not ln) or _split_of(full, first, last)):
        a, b = split_full_name(whole)
        return a or "", b or ""
    if "," in f and not ln:  # "SMITH, ROBERT" pasted whole into the first-name cell
        a, b = split_full_name(f)
        return a or "", b or ""
    if "," in ln and not f:
        a, b = split_full_name(ln)
        return a or "", b or ""
    return f, ln


def _split_of(full: Any, first: Any, last: Any) -> bool:
    """Whether first/last are only the reader's split of the Name cell (then the cell is read again, cleaned)."""
    from ..workbook.reader import split_full_name

    if not isinstance(full, str) or not full.strip():
        return False
    a, b = split_full_name(full)
    norm = lambda v: v.strip() if isinstance(v, str) and v.strip() else None  # noqa: E731
    return (norm(first), norm(last)) == (a, b)


@lru_cache(maxsize=100_000)
def first_forms(first: str) -> tuple[str, ...]:
    """The name and its nickname relatives (bob -> bob, robert, ...), for blocking."""
    if not first:
        return ()
    forms = {first} | _NICKNAMES.nicknames_of(first) | _NICKNAMES.canonicals_of(first)
    return tuple(sorted(forms, key=lambda f: (f != first, f))[:12])


@lru_cache(maxsize=200_000)
def nickname_related(a: str, b: str) -> bool:
    """Bob~Robert, Liz~Elizabeth: one is a nickname of the other in the nicknames dataset."""
    return b in _NICKNAMES.nicknames_of(a) or a in _NICKNAMES.nicknames_of(b)
