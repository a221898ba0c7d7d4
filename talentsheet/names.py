"""People's names: the one place for name particles (van der, de la), capitalisation rules
(McDonald, O'Neil) and the decorations LinkedIn users put in their name fields.

Used by the reader (splitting a full-name column), validation (fixing ALL CAPS names),
dedupe (splitting names for matching) and the importer (clean first/last names from
LinkedIn exports). One rule, one module: nothing else keeps its own particle list.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = ["NAME_PARTICLES", "fix_case", "is_particle", "split_full_name", "strip_decorations"]

# lower-case words that belong to the surname that follows (Jan van der Berg, Ana de la Cruz)
NAME_PARTICLES = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "degli",
        "da",
        "dal",
        "di",
        "du",
        "la",
        "le",
        "lo",
        "bin",
        "binti",
        "al",
        "st",
        "ter",
        "ten",
        "dos",
        "das",
        "do",
        "y",
    }
)
# degrees and certificates people append to their LinkedIn name ("Mei Gallo, PhD")
CREDENTIALS = frozenset(
    {
        "phd",
        "ph d",
        "mba",
        "pmp",
        "cfa",
        "cpa",
        "md",
        "msc",
        "ms",
        "ma",
        "bsc",
        "ba",
        "meng",
        "beng",
        "jd",
        "pe",
        "rn",
        "cissp",
        "csm",
        "psm",
        "shrm cp",
        "shrm scp",
        "sphr",
        "phr",
        "cipd",
        "acca",
        "fca",
        "aca",
        "cma",
        "frm",
        "dba",
        "edd",
        "mpa",
        "mph",
        "llm",
    }
)
HONORIFICS = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "miss", "sir", "dame"})
_PRONOUNS = re.compile(r"\(\s*(?:he|she|they|ze|xe|him|her|them)\s*(?:/\s*\w+\s*)+\)", re.I)
_TRAILER = re.compile(r"\s+[-–—|•]\s+.*$")  # "Zhou - Hiring!", "Ada | Open to work"
_HONORIFIC = re.compile(r"^\s*([A-Za-z]+)\.?\s+(?=\S)")
_WORD_PARTS = re.compile(r"([-'’])")


def is_particle(word: str) -> bool:
    return word.lower().strip(".") in NAME_PARTICLES


def split_full_name(value: Any) -> tuple[str | None, str | None]:
    """Split 'Ada Lovelace', 'LOVELACE, Ada' or 'Jan van der Berg' into (first, last);
    decorations are not part of either ('Wren Dasgupta, PhD' is Wren, Dasgupta)."""
    if not isinstance(value, str) or not value.strip():
        return None, None
    text = strip_decorations(value) or " ".join(value.split())
    if "," in text:
        last, _, first = text.partition(",")
        return (first.strip() or None), (last.strip() or None)
    tokens = text.split(" ")
    if len(tokens) == 1:
        return tokens[0], None
    cut = len(tokens) - 1
    while cut > 1 and is_particle(tokens[cut - 1]):
        cut -= 1
    return " ".join(tokens[:cut]), " ".join(tokens[cut:])


# --- capitalisation -------------------------------------------------------------------------


def _cap_part(part: str) -> str:
    """Capitalise one piece of a name, keeping the Mc pattern (McDonald)."""
    if not part:
        return part
    low = part.lower()
    if low.startswith("mc") and len(low) > 2:
        return "Mc" + low[2:3].upper() + low[3:]
    return low[:1].upper() + low[1:]


def _cap_token(token: str, first: bool) -> str:
    if not first and is_particle(token):
        return token.lower()
    pieces = _WORD_PARTS.split(token)
    return "".join(p if p in "-'’" else _cap_part(p) for p in pieces)


def fix_case(text: str) -> str:
    """'MARY O'NEIL-MCDONALD' / 'jan van der berg' -> "Mary O'Neil-McDonald" / 'Jan van der Berg'."""
    return " ".join(_cap_token(t, i == 0) for i, t in enumerate(text.split(" ")))


# --- LinkedIn decorations ---------------------------------------------------------------------


def _is_symbol(ch: str) -> bool:
    """Emoji, pictographs, check marks, variation selectors and joiners."""
    return unicodedata.category(ch) in ("So", "Sk", "Cs", "Co") or ch in "\u200d\ufe0f\ufe0e"


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^a-z]+", " ", text.lower()).split())


def _strip_credentials(text: str) -> str:
    head, sep, tail = text.partition(",")
    if not sep:
        return text
    parts = [_fold(p) for p in tail.split(",")]
    return head.strip() if parts and all(p in CREDENTIALS for p in parts) else text


def strip_decorations(value: Any) -> str:
    """A name as LinkedIn users decorate it, without the decorations: 'Dr. Hamza Olsen',
    'Rania Bakshi 🚀', 'Javier Iyer (he/him)', 'Tendai Olsen - Hiring!', 'Gallo, PhD, MBA'
    give 'Hamza Olsen', 'Rania Bakshi', 'Javier Iyer', 'Tendai Olsen', 'Gallo'.

    Only for name cells from LinkedIn-style exports, where a comma never means "Last, First"."""
    if value is None:
        return ""
    text = "".join(" " if _is_symbol(ch) else ch for ch in str(value))
    text = _PRONOUNS.sub(" ", text)
    text = _TRAILER.sub("", " ".join(text.split()))
    text = _strip_credentials(text)
    honorific = _HONORIFIC.match(text)
    if honorific and honorific.group(1).lower() in HONORIFICS:
        text = text[honorific.end() :]
    return " ".join(text.split()).strip(" ,")
