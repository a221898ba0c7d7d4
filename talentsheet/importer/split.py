"""Cells that hold several things, as exports write them, split into the master's fields.

* a headline "Senior Data Engineer at Acme | Spark | AWS" -> title and company (only when
  the export has no title or company of its own; the headline itself is kept);
* Lever's ``Emails`` / ``Phones`` / ``Links`` lists and a Greenhouse cell with two emails ->
  the first in its field, the rest for the ``Other contacts`` column (nothing is dropped);
* LinkedIn-style names ("Wren Dasgupta, PhD", "Rania Bakshi 🚀") -> clean first and last
  names (the decorations go from the name fields only).

All pure functions of cell values.
"""

from __future__ import annotations

import re
from typing import Any

from ..names import split_full_name, strip_decorations
from ..normalize import email_key, linkedin_key
from ..titles import parse_title

__all__ = ["headline_role", "person_names", "split_contacts", "split_link_list", "split_links", "split_list"]

_LIST_SEPARATORS = re.compile(r"\s*(?:[,;\n]|\s\|\s)\s*")
_LINK_SEPARATORS = re.compile(r"\s*(?:,\s+|[;\n]|\s\|\s)\s*|\s+(?=https?://)")  # a lead link has commas inside
_HEADLINE_SEPARATORS = re.compile(r"\s+[|•·—–]\s+|\s*\|\s*")
_AT_COMPANY = re.compile(r"^(?P<title>.+?)\s+(?:at|@)\s+(?P<company>.+)$|^(?P<title2>.+?)\s*@\s*(?P<company2>.+)$", re.I)


def split_list(value: Any) -> list[str]:
    """The items of a list cell ("a@x.com, b@y.com", one per line, ";"-separated)."""
    if value is None:
        return []
    return [p for p in _LIST_SEPARATORS.split(str(value).strip()) if p]


def split_contacts(value: Any, field: str) -> tuple[Any, list[str]]:
    """(the value for the field, the rest for Other contacts). One item stays as it was
    (numbers stay numbers); several emails or phones: the first valid one leads."""
    items = split_list(value) if isinstance(value, str) else []
    if len(items) <= 1:
        return value, []
    valid = email_key if field == "email" else bool
    first = next((i for i in items if valid(i)), items[0])
    return first, [i for i in items if i is not first]


def split_link_list(value: Any) -> list[str]:
    """The links of a Links cell ("https://linkedin.com/in/a, https://github.com/a"); a comma
    inside a link (Sales Navigator's "/sales/lead/ACw...,NAME_SEARCH,3c6d") is not a separator."""
    if value is None:
        return []
    return [p for p in _LINK_SEPARATORS.split(str(value).strip()) if p]


def split_links(value: Any) -> tuple[str | None, list[str]]:
    """(the first LinkedIn profile link, every other link or word). A Sales Navigator lead
    link is LinkedIn but not a profile: it goes with the other links."""
    items = split_link_list(value)
    profile = next((i for i in items if linkedin_key(i)), None)
    return profile, [i for i in items if i is not profile]


def _title_part(segment: str) -> tuple[str | None, str | None]:
    m = _AT_COMPANY.match(segment)
    if m:
        title = (m.group("title") or m.group("title2")).strip()
        company = (m.group("company") or m.group("company2")).strip(" .,")
        if parse_title(title).known:
            return title, company or None
    if parse_title(segment).known:
        return segment.strip(" .,"), None
    return None, None


def headline_role(headline: Any) -> tuple[str | None, str | None]:
    """(title, company) a LinkedIn headline states: "Senior Data Engineer at Acme | Spark"
    -> ("Senior Data Engineer", "Acme"); "Building data platforms 🚀 | Platform Engineer |
    Airflow" -> ("Platform Engineer", None); a slogan without a title -> (None, None)."""
    if not isinstance(headline, str) or not headline.strip():
        return None, None
    for segment in _HEADLINE_SEPARATORS.split(" ".join(headline.split())):
        title, company = _title_part(segment)
        if title:
            return title, company
    return None, None


def person_names(first: Any, last: Any, full: Any, *, linkedin: bool) -> tuple[Any, Any]:
    """First and last name of an export row: from its first/last cells, else split from the
    full name; LinkedIn decorations removed when the export is LinkedIn's."""
    if linkedin:
        first = strip_decorations(first) or None if isinstance(first, str) else first
        last = strip_decorations(last) or None if isinstance(last, str) else last
        full = strip_decorations(full) or None if isinstance(full, str) else full
    if first is None and last is None and isinstance(full, str):
        return split_full_name(full)
    return first, last
