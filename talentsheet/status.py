"""Where a person stands with the recruiter: the status vocabulary and the notions built on it.

One place for "closed", "do not contact", "placed" and "open to remote": validation (is a
passed follow-up a problem?), views (who is due a call?), match (who may be shown?) and the
notes reader all ask here, so they can never disagree. A status typed in the Status column
and a status hint read from the notes (``DNC - asked to be removed``) are judged the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .schema import fold as _fold

__all__ = [
    "CLOSED_STATUSES",
    "DO_NOT_CONTACT",
    "NEVER_SHOWN_STATUSES",
    "NOT_NOW",
    "PLACED",
    "REMOTE_VOCABULARY",
    "STATUS_SYNONYMS",
    "STATUS_VOCABULARY",
    "RemoteAnswer",
    "canonical_status",
    "is_closed",
    "never_contact_reason",
    "remote_answer",
]

DO_NOT_CONTACT = "Do not contact"
PLACED = "Placed"
NOT_NOW = "Not now"
INTERESTED = "Interested"
NOT_INTERESTED = "Not interested"

STATUS_VOCABULARY = [
    "New",
    "Contacted",
    INTERESTED,
    NOT_NOW,
    "Interviewing",
    "Offer",
    PLACED,
    NOT_INTERESTED,
    DO_NOT_CONTACT,
]
# spellings recruiters type -> the vocabulary (folded like schema.fold)
STATUS_SYNONYMS: dict[str, list[str]] = {
    "New": ["new", "sourced", "to contact", "lead", "prospect", "not contacted", "uncontacted"],
    "Contacted": ["contacted", "reached out", "messaged", "emailed", "pinged", "outreach sent", "awaiting reply"],
    INTERESTED: ["interested", "keen", "warm", "open", "replied interested"],
    NOT_NOW: ["not now", "later", "not right now", "not yet", "nurture", "passive", "not now later"],
    "Interviewing": ["interviewing", "interview", "in process", "in interviews", "screening", "screen", "submitted"],
    "Offer": ["offer", "offered", "offer extended", "offer out"],
    PLACED: ["placed", "hired", "joined", "started", "accepted"],
    NOT_INTERESTED: ["not interested", "declined", "no", "rejected offer", "pass", "passed"],
    DO_NOT_CONTACT: ["do not contact", "dnc", "do not call", "unsubscribe", "opted out", "dont contact"],
}
# never called back: the follow-up list and validation's "follow-up date has passed" skip them
CLOSED_STATUSES = frozenset({PLACED, NOT_INTERESTED, DO_NOT_CONTACT})
# never shown at all: matches, follow-ups, check-in drafts and calendars leave them out
NEVER_SHOWN_STATUSES = frozenset({DO_NOT_CONTACT, PLACED})

REMOTE_VOCABULARY = ["Yes", "No", "Remote only", "Hybrid", "Relocate", "Remote or relocate"]


@lru_cache(maxsize=4096)
def _lookup() -> dict[str, str]:
    out = {_fold(s): canonical for canonical, spellings in STATUS_SYNONYMS.items() for s in spellings}
    out.update({_fold(c): c for c in STATUS_VOCABULARY})
    return out


@lru_cache(maxsize=4096)
def _canonical_text(text: str) -> str | None:
    return _lookup().get(_fold(text))


def canonical_status(value: Any) -> str | None:
    """The vocabulary status a cell means ("dnc" -> "Do not contact"), None when it is not one."""
    if value is None or isinstance(value, bool) or (isinstance(value, float) and value != value):
        return None
    text = " ".join(str(value).split())
    return _canonical_text(text) if text else None


def is_closed(value: Any) -> bool:
    """Placed, not interested or do not contact: nobody calls them back."""
    return canonical_status(value) in CLOSED_STATUSES


def never_contact_reason(status: Any, note_hint: str | None = None) -> str | None:
    """ "do not contact" or "placed" when either the Status cell or a status read from the notes
    says so (do not contact wins), else None. Such people never appear in a list to call."""
    found = {canonical_status(status), canonical_status(note_hint)}
    if DO_NOT_CONTACT in found:
        return "do not contact"
    if PLACED in found:
        return "placed"
    return None


# --- open to remote ------------------------------------------------------------------------


@dataclass(frozen=True)
class RemoteAnswer:
    """What an "Open to remote" answer allows."""

    remote_ok: bool = False  # a remote job suits them
    remote_only: bool = False  # only a remote job suits them
    relocate: bool = False  # they would move for the job
    refused: bool = False  # they said no


_REMOTE_ANSWERS = {
    "yes": RemoteAnswer(remote_ok=True),
    "y": RemoteAnswer(remote_ok=True),
    "true": RemoteAnswer(remote_ok=True),
    "ok": RemoteAnswer(remote_ok=True),
    "sure": RemoteAnswer(remote_ok=True),
    "remote only": RemoteAnswer(remote_ok=True, remote_only=True),
    "hybrid": RemoteAnswer(),
    "relocate": RemoteAnswer(relocate=True),
    "remote or relocate": RemoteAnswer(remote_ok=True, relocate=True),
    "no": RemoteAnswer(refused=True),
    "n": RemoteAnswer(refused=True),
    "false": RemoteAnswer(refused=True),
    "none": RemoteAnswer(refused=True),
}


@lru_cache(maxsize=4096)
def _remote_text(key: str) -> RemoteAnswer:
    if key in _REMOTE_ANSWERS:
        return _REMOTE_ANSWERS[key]
    words = set(key.split())
    return RemoteAnswer(
        remote_ok=bool(words & {"remote", "anywhere"}),
        remote_only="only" in words and "remote" in words,
        relocate=any(w.startswith("reloc") or w in ("move", "moving") for w in words),
    )


def remote_answer(value: Any) -> RemoteAnswer:
    """An "Open to remote" cell ("Yes", "Remote only", "Relocate", "Remote or relocate",
    "Hybrid", "No", ``True``) as what it allows; an empty cell allows nothing."""
    if value is True:
        return _REMOTE_ANSWERS["yes"]
    if value is False:
        return _REMOTE_ANSWERS["no"]
    if not isinstance(value, str) or not value.strip():
        return RemoteAnswer()
    return _remote_text(_fold(value))
