"""status.py: one status vocabulary and the notions built on it, used everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from talentsheet import status
from talentsheet.status import canonical_status, is_closed, never_contact_reason, remote_answer
from talentsheet.template import dropdown_values

PACKAGE = Path(status.__file__).parent


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("DNC", "Do not contact"),
        ("hired", "Placed"),
        (" not now ", "Not now"),
        ("Uncontacted", "New"),
        ("maybe", None),
        (None, None),
    ],
)
def test_canonical_status(typed, expected):
    assert canonical_status(typed) == expected


def test_closed_and_never_contact():
    assert [is_closed(s) for s in ("Placed", "not interested", "dnc", "Not now")] == [True, True, True, False]
    assert never_contact_reason("Interested", "Do not contact") == "do not contact"  # the note says so
    assert never_contact_reason("hired") == "placed"
    assert never_contact_reason("Placed", "Do not contact") == "do not contact"  # the stronger wins
    assert never_contact_reason("Not interested") is None and never_contact_reason(None, None) is None


@pytest.mark.parametrize(
    ("cell", "remote_ok", "only", "relocate", "refused"),
    [
        ("Yes", True, False, False, False),
        ("Remote only", True, True, False, False),
        ("Relocate", False, False, True, False),
        ("Remote or relocate", True, False, True, False),
        ("Hybrid", False, False, False, False),
        ("No", False, False, False, True),
        (True, True, False, False, False),
        ("", False, False, False, False),
    ],
)
def test_remote_answers(cell, remote_ok, only, relocate, refused):
    a = remote_answer(cell)
    assert (a.remote_ok, a.remote_only, a.relocate, a.refused) == (remote_ok, only, relocate, refused)


def test_the_template_dropdowns_are_the_vocabularies():
    assert dropdown_values("status") == status.STATUS_VOCABULARY
    assert dropdown_values("open_to_remote") == status.REMOTE_VOCABULARY


def test_no_other_module_keeps_its_own_copy():
    """One rule, one place: the vocabulary and the closed / remote notions live in status.py."""
    pattern = re.compile(r"^(STATUS_VOCABULARY|STATUS_SYNONYMS|CLOSED_STATUSES|REMOTE_ANSWERS|REMOTE_VOCABULARY)\s*[:=]", re.M)
    owners = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert owners == ["status.py"]
