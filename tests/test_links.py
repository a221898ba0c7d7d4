"""The one rule for clickable links (issue 16, case 10): only linkedin.com hosts, IDNA-normalised,
https, nothing in the authority but the host, the canonical ASCII URL written."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentsheet.links import LINKEDIN_DOMAIN, linkedin_link

# the canonical form, written from RFC 3986 by hand (not with the parser the rule uses)
PCHARS = r"[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2}"
CANONICAL = re.compile(
    rf"https://(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)*linkedin\.com/(?:{PCHARS})*"
    rf"(?:\?(?:{PCHARS}|\?)*)?(?:#(?:{PCHARS}|\?)*)?"
)
SLUG = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9-]{1,40}", fullmatch=True)
LABEL = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)


@pytest.mark.parametrize(
    "text, link",
    [
        ("https://www.linkedin.com/in/ada-lovelace", "https://www.linkedin.com/in/ada-lovelace"),
        ("www.linkedin.com/in/ada-lovelace/", "https://www.linkedin.com/in/ada-lovelace/"),
        ("  http://LinkedIn.com/in/Ada  ", "https://linkedin.com/in/Ada"),
        ("HTTPS://uk.linkedin.com/in/ada?trk=x#top", "https://uk.linkedin.com/in/ada?trk=x#top"),
        ("https://www.linkedin.com./in/ada", "https://www.linkedin.com/in/ada"),
        ("linkedin.com", "https://linkedin.com/"),
        ("https://www.linkedin.com/in/josé-garcía", "https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa"),
        ("https://www.linkedin.com/in/100%", "https://www.linkedin.com/in/100%25"),
    ],
)
def test_linkedin_urls_become_their_canonical_link(text, link) -> None:
    assert linkedin_link(text) == link


@pytest.mark.parametrize(
    "text",
    [
        "https://www.lınkedın.com/in/ada",  # dotless ı (issue 16)
        "https://www.linkedіn.com/in/ada",  # Cyrillic і
        "https://www.linkеdin.com/in/ada",  # Cyrillic е
        "https://linkedin.com.evil.example/in/ada",
        "https://evillinkedin.com/in/ada",
        "https://evil.example/?u=linkedin.com",
        "https://evil.example#@linkedin.com",
        "https://user:pw@linkedin.com/in/ada",
        "https://evil.example@linkedin.com/in/ada",
        "https://linkedin.com:8443/in/ada",
        "https://linkedin.com:/in/ada",
        "javascript:alert(1)//linkedin.com/in/ada",
        "file://linkedin.com/etc/passwd",
        "ftp://linkedin.com/in/ada",
        "https:/linkedin.com/in/ada",
        "https://linkedin.com\\@evil.example/",
        "https://linkedin.com/in/ada lovelace",
        "https://linkedin.com/in/ada\u00a0x",
        "https://linkedin%2ecom/in/ada",
        "https://[::1]/in/ada",
        "https://-linkedin.com/",
        "https://.linkedin.com/",
        "https://www.linkedin.com/in/" + "a" * 2100,
        "",
        None,
        42,
    ],
)
def test_everything_else_stays_plain_text(text) -> None:
    assert linkedin_link(text) is None


@given(st.text(max_size=80))
def test_any_text_gives_none_or_a_canonical_linkedin_url(text) -> None:
    link = linkedin_link(text)
    assert link is None or (CANONICAL.fullmatch(link) and link.isascii()), link


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40), SLUG)
def test_any_prefix_on_a_linkedin_url_never_changes_the_host_checked(prefix, slug) -> None:
    link = linkedin_link(prefix + "linkedin.com/in/" + slug)
    assert link is None or CANONICAL.fullmatch(link), link


@given(st.lists(LABEL, min_size=1, max_size=4), SLUG)
def test_other_hosts_are_never_links(labels, slug) -> None:
    host = ".".join(labels)
    if host == LINKEDIN_DOMAIN or host.endswith("." + LINKEDIN_DOMAIN):
        return
    assert linkedin_link(f"https://{host}/in/{slug}") is None


@given(st.lists(LABEL, max_size=2), SLUG, st.sampled_from(["https://", "http://", "//", ""]))
def test_linkedin_hosts_and_profiles_are_links(labels, slug, scheme) -> None:
    host = ".".join([*labels, LINKEDIN_DOMAIN])
    assert linkedin_link(f"{scheme}{host}/in/{slug}") == f"https://{host}/in/{slug}"


CONFUSABLES = {"i": "ıіίɩ", "l": "ӏɭ", "n": "ոռ", "k": "κк", "e": "еҽ", "d": "ԁɗ"}


@given(st.data())
def test_a_lookalike_letter_in_the_host_is_never_a_link(data) -> None:
    position = data.draw(st.sampled_from([i for i, c in enumerate("linkedin") if c in CONFUSABLES]))
    letter = data.draw(st.sampled_from(CONFUSABLES["linkedin"[position]]))
    host = "linkedin"[:position] + letter + "linkedin"[position + 1 :] + ".com"
    assert linkedin_link(f"https://www.{host}/in/ada") is None


@given(st.text(max_size=80))
def test_the_canonical_link_is_its_own_link(text) -> None:
    link = linkedin_link(text)
    assert link is None or linkedin_link(link) == link
