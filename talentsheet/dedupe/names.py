"""Nicknames for duplicate detection, from the maintained ``nicknames`` dataset (Bob~Robert,
Liz~Elizabeth, Peggy~Margaret): never a hand-typed list."""

from __future__ import annotations

from functools import lru_cache

from nicknames import NickNamer

__all__ = ["first_forms", "nickname_related"]

_NICKNAMES = NickNamer()


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
