"""What may become a clickable link in a sheet talentsheet writes: the one rule, in one place.

Only LinkedIn. A cell's text becomes a link when, after IDNA normalisation, its host is
``linkedin.com`` or one of its subdomains: a lookalike such as ``lınkedın.com`` (dotless ı)
or ``linkedіn.com`` (Cyrillic і) normalises to another host and stays plain text. The scheme
is https (``http`` and none are upgraded, every other scheme is refused); a user name,
password or port is refused; whitespace, control characters and backslashes anywhere are
refused (browsers read ``\\`` as ``/``). The link written is the canonical, ASCII-only URL
built from the checked parts, so a click opens exactly the host that was checked, whatever
the cell displays.

Used by every writer of links: the view sheets, Follow-ups, Matches and the Excel layer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

__all__ = ["LINKEDIN_DOMAIN", "MAX_LINK_CHARS", "linkedin_link"]

LINKEDIN_DOMAIN = "linkedin.com"
MAX_LINK_CHARS = 2_048  # Excel keeps hyperlink addresses up to 2,079 characters
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_REFUSED_CHARS = re.compile(r"[\x00-\x20\x7f\\]|\s")  # \s: every Unicode space, as str.isspace
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"  # RFC 3986 path characters, escapes kept as written
_QUERY_SAFE = _PATH_SAFE + "?"


def linkedin_link(value: Any) -> str | None:
    """The canonical https URL to link ``value`` to, or None if it must stay plain text.

    >>> linkedin_link("www.linkedin.com/in/ada-lovelace")
    'https://www.linkedin.com/in/ada-lovelace'
    >>> linkedin_link("https://www.lınkedın.com/in/ada") is None
    True
    """
    if not isinstance(value, str):
        return None
    return _checked_link(value)


@lru_cache(maxsize=65_536)  # a view sheet links each profile; sheets repeat people across views
def _checked_link(value: str) -> str | None:
    text = value.strip()
    if not text or len(text) > MAX_LINK_CHARS or _REFUSED_CHARS.search(text):
        return None
    url = _with_https(text)
    if url is None:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. characters that normalise to '/', '?', '#', '@' in the host
        return None
    host = _linkedin_host(parts.netloc)
    if host is None:
        return None
    path = quote(_LONE_PERCENT.sub("%25", parts.path or "/"), safe=_PATH_SAFE)
    query = quote(_LONE_PERCENT.sub("%25", parts.query), safe=_QUERY_SAFE)
    fragment = quote(_LONE_PERCENT.sub("%25", parts.fragment), safe=_QUERY_SAFE)
    link = urlunsplit(("https", host, path, query, fragment))
    return link if len(link) <= MAX_LINK_CHARS else None


def _with_https(text: str) -> str | None:
    """``text`` as an https URL: http and scheme-less forms upgraded, other schemes refused."""
    scheme = _SCHEME.match(text)
    if scheme and "." not in scheme.group(1):  # "linkedin.com:8080/x" is a host, not a scheme
        if scheme.group(1).lower() not in ("http", "https"):
            return None
        rest = text[scheme.end() :]
        return "https:" + rest if rest.startswith("//") else None
    return "https:" + text if text.startswith("//") else "https://" + text


def _linkedin_host(netloc: str) -> str | None:
    """The host in ASCII (IDNA), if it is linkedin.com or a subdomain and nothing else is in
    the authority (no user, password or port)."""
    if not netloc or any(c in netloc for c in "@:[]%"):
        return None
    host = netloc[:-1] if netloc.endswith(".") else netloc  # the root's dot: the same host
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:  # an empty or over-long label, a character IDNA prohibits
        return None
    if not all(_LABEL.match(label) for label in host.split(".")):
        return None
    return host if host == LINKEDIN_DOMAIN or host.endswith("." + LINKEDIN_DOMAIN) else None
