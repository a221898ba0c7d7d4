"""What may become a clickable link in a sheet talentsheet writes: the one rule, in one place.

Only LinkedIn profiles, on linkedin.com itself, spelled in plain ASCII (a look-alike such as
``lınkedın.com`` with a dotless ı stays text). Used by the view sheets, Follow-ups, Matches.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["linkedin_link"]

LINKEDIN_URL = re.compile(r"^(https?://)?([a-z]{2,3}\.|www\.|m\.)?linkedin\.com/\S+$", re.IGNORECASE | re.ASCII)


def linkedin_link(value: Any) -> str | None:
    """A safe https link for a LinkedIn cell, or None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url.isascii() or not LINKEDIN_URL.match(url):
        return None
    return url if url.lower().startswith(("http://", "https://")) else "https://" + url
