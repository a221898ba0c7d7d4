"""Compare stage of duplicate detection: per candidate pair, one agreement level per field.

Levels (``settings.LEVELS``), each tolerant of the corruption real sheets show:

* first name: exact / nickname (Bob~Robert) / close (one typo: Jaro-Winkler >= 0.92 or one
  edit) / near (Jaro-Winkler >= 0.85 or two edits in a long name) / initial (J vs John) /
  different; surname: exact / close / near / part ("Garcia" within "Garcia-Lopez") / different.
  Both are read straight and with the other row's first and last name swapped, whichever fits
  better;
* email: same address / same user at another domain / user one typo apart
  ("kyle.minards18" vs "kyle.minarfs18"; the numbers must agree: jlee70 and jlee71 are two
  people) / name-like (users that are only the name, "jo.prasad" and "jprasad": they agree as
  the names do, no more) / different;
* phone: same national number / one digit mistyped, transposed, dropped or added / different;
* LinkedIn: same profile / different; location and company: same / close (fuzzy) / different;
  title: same / different. "missing" whenever one side is blank.

Everything is computed for all pairs at once (``rapidfuzz.process.cpdist`` and numpy), so a
million rows' ten million candidate pairs take seconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from .names import _NICKNAMES
from .settings import LEVELS

__all__ = ["CODE", "Levels", "compare", "level_names", "name_vocabulary", "nickname_pairs"]

CODE = {fld: {lvl: k for k, lvl in enumerate(levels)} for fld, levels in LEVELS.items()}
_NAME_RANK = {
    "first": {"exact": 5, "nickname": 5, "close": 3, "near": 1, "initial": 2, "different": -3, "missing": 0},
    "last": {"exact": 5, "close": 3, "near": 1, "part": 2, "different": -3, "missing": 0},
}


class Levels(dict):
    """Per field, the level code (index into ``LEVELS[field]``) of each pair, and the pairs."""

    pairs: np.ndarray | None = None
    swapped: np.ndarray | None = None
    cols: dict[str, np.ndarray] | None = None  # the prepared keys the pairs index into


def _jw(a: np.ndarray, b: np.ndarray, workers: int) -> np.ndarray:
    if not len(a):
        return np.zeros(0, dtype=np.float32)
    return process.cpdist(a.tolist(), b.tolist(), scorer=JaroWinkler.normalized_similarity, workers=workers)


def _osa(a: np.ndarray, b: np.ndarray, workers: int) -> np.ndarray:
    if not len(a):
        return np.zeros(0, dtype=np.int64)
    return process.cpdist(a.tolist(), b.tolist(), scorer=OSA.distance, workers=workers).astype(np.int64)


def _lengths(values: np.ndarray) -> np.ndarray:
    return np.fromiter((len(v) for v in values.tolist()), dtype=np.int64, count=len(values))


def nickname_pairs(vocab: np.ndarray) -> np.ndarray:
    """Sorted codes ``a * len(vocab) + b`` (a < b) of the names in ``vocab`` that the nicknames
    dataset relates (Bob~Robert), so a pair's nickname test is one ``np.isin``."""
    at = {name: k for k, name in enumerate(vocab.tolist())}
    n = len(vocab)
    keys = set()
    for name, k in at.items():
        if not name:
            continue
        for other in _NICKNAMES.nicknames_of(name) | _NICKNAMES.canonicals_of(name):
            j = at.get(other)
            if j is not None and j != k:
                keys.add(min(j, k) * n + max(j, k))
    return np.array(sorted(keys), dtype=np.int64)


def name_vocabulary(first: np.ndarray, last: np.ndarray) -> dict[str, np.ndarray]:
    """Every distinct first or last name once ('' is code 0), with what the levels need per name."""
    codes, vocab = pd.factorize(np.concatenate((np.array([""], dtype=object), first, last)))
    vocab = np.asarray(vocab, dtype=object)
    n = len(first)
    return {
        "vocab": vocab,
        "first_code": codes[1 : n + 1].astype(np.int64),
        "last_code": codes[n + 1 :].astype(np.int64),
        "vocab_len": _lengths(vocab),
        "vocab_initial": np.array([ord(v[0]) if v else 0 for v in vocab.tolist()], dtype=np.int64),
        "vocab_multi": np.array([" " in v for v in vocab.tolist()], dtype=bool),
        "nicknames": nickname_pairs(vocab),
    }


def _fuzzy_name(a: np.ndarray, b: np.ndarray, voc: dict[str, np.ndarray], workers: int) -> tuple[np.ndarray, np.ndarray]:
    """(close, near) masks for two arrays of name codes: one typo, or a little further."""
    words = voc["vocab"]
    jw, edits = _jw(words[a], words[b], workers), _osa(words[a], words[b], workers)
    shortest = np.minimum(voc["vocab_len"][a], voc["vocab_len"][b])
    close = (jw >= 0.92) | ((edits <= 1) & (shortest >= 3))
    near = ~close & ((jw >= 0.85) | ((edits <= 2) & (shortest >= 6)))
    return close, near


def _first_levels(a: np.ndarray, b: np.ndarray, voc: dict[str, np.ndarray], workers: int) -> np.ndarray:
    code = CODE["first"]
    out = np.full(len(a), code["different"], dtype=np.int8)
    missing = (a == 0) | (b == 0)
    exact = ~missing & (a == b)
    out[missing], out[exact] = code["missing"], code["exact"]
    rest = np.flatnonzero(~missing & ~exact)
    if len(rest):
        ra, rb = a[rest], b[rest]
        n = len(voc["vocab"])
        nick = np.isin(np.minimum(ra, rb) * n + np.maximum(ra, rb), voc["nicknames"])
        close, near = _fuzzy_name(ra, rb, voc, workers)
        length, initial_of = voc["vocab_len"], voc["vocab_initial"]
        initial = ((length[ra] == 1) | (length[rb] == 1)) & (initial_of[ra] == initial_of[rb])
        level = np.where(
            nick,
            code["nickname"],
            np.where(close, code["close"], np.where(initial, code["initial"], np.where(near, code["near"], code["different"]))),
        )
        out[rest] = level
    return out


def _last_levels(a: np.ndarray, b: np.ndarray, voc: dict[str, np.ndarray], workers: int) -> np.ndarray:
    code = CODE["last"]
    out = np.full(len(a), code["different"], dtype=np.int8)
    missing = (a == 0) | (b == 0)
    exact = ~missing & (a == b)
    out[missing], out[exact] = code["missing"], code["exact"]
    rest = np.flatnonzero(~missing & ~exact)
    if len(rest):
        ra, rb = a[rest], b[rest]
        close, near = _fuzzy_name(ra, rb, voc, workers)
        part = np.zeros(len(rest), dtype=bool)
        multi = np.flatnonzero(voc["vocab_multi"][ra] | voc["vocab_multi"][rb])  # "garcia lopez" vs "garcia"
        words = voc["vocab"]
        part[multi] = [bool(set(x.split()) & set(y.split())) for x, y in zip(words[ra[multi]], words[rb[multi]], strict=True)]
        out[rest] = np.where(close, code["close"], np.where(part, code["part"], np.where(near, code["near"], code["different"])))
    return out


def _name_levels(cols: dict[str, np.ndarray], pairs: np.ndarray, workers: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first, last, swapped) per pair, computed once per distinct pair of full names."""
    voc = cols["names"]
    full, first_of, last_of = cols["name_code"], cols["name_first"], cols["name_last"]
    n = len(first_of)
    distinct, inverse = np.unique(full[pairs[:, 0]] * n + full[pairs[:, 1]], return_inverse=True)
    a, b = distinct // n, distinct % n
    fa, la, fb, lb = first_of[a], last_of[a], first_of[b], last_of[b]
    straight = (_first_levels(fa, fb, voc, workers), _last_levels(la, lb, voc, workers))
    swapped = (_first_levels(fa, lb, voc, workers), _last_levels(la, fb, voc, workers))
    rank = lambda lv: _rank("first", lv[0]) + _rank("last", lv[1])  # noqa: E731
    use_swap = rank(swapped) > rank(straight)
    first = np.where(use_swap, swapped[0], straight[0])
    last = np.where(use_swap, swapped[1], straight[1])
    inverse = inverse.ravel()
    return first[inverse], last[inverse], use_swap[inverse]


def _rank(fld: str, codes: np.ndarray) -> np.ndarray:
    table = np.array([_NAME_RANK[fld][lvl] for lvl in LEVELS[fld]], dtype=np.int64)
    return table[codes]


def _key_level(a: np.ndarray, b: np.ndarray, same: int, different: int, missing: int) -> np.ndarray:
    blank = (a == "") | (b == "")
    return np.where(blank, missing, np.where(a == b, same, different)).astype(np.int8)


def _any_equal(a1, a2, b1, b2) -> np.ndarray:
    """Either value of one row equals either value of the other (second values may be blank)."""
    eq = lambda x, y: (x == y) & (x != "")  # noqa: E731
    return eq(a1, b1) | eq(a1, b2) | eq(a2, b1) | eq(a2, b2)


def _email_levels(cols: dict[str, np.ndarray], i: np.ndarray, j: np.ndarray, workers: int) -> np.ndarray:
    code = CODE["email"]
    e1, e2 = cols["email"], cols["email2"]
    u1, u2 = cols["email_user"], cols["email_user2"]
    missing = (e1[i] == "") | (e1[j] == "")
    same = _any_equal(e1[i], e2[i], e1[j], e2[j])
    same_user = ~same & _any_equal(u1[i], u2[i], u1[j], u2[j]) & (_lengths(u1[i]) >= 3)
    out = np.where(
        missing, code["missing"], np.where(same, code["same"], np.where(same_user, code["same_user"], code["different"]))
    )
    # "alexandra.byrd@outlook" and "alexandra.byrd@gmail": a user name that is only the name, at
    # another provider, says no more than the names do (namesakes have such addresses too)
    digits = _email_digits(cols)
    plain = np.flatnonzero(same_user & ~missing)
    if len(plain):
        bare = (digits[i[plain]] == "") & (digits[j[plain]] == "")
        out[plain[bare]] = code["name_like"]
    rest = np.flatnonzero(out == code["different"])
    if len(rest):
        a, b = u1[i[rest]], u1[j[rest]]
        edits = _osa(a, b, workers)
        shortest = np.minimum(_lengths(a), _lengths(b))
        close = ((edits <= 1) & (shortest >= 5)) | ((edits <= 2) & (shortest >= 10))
        # the numbers in a user name tell people apart (jlee70 / jlee71): a typo is in the letters;
        # two bare names one letter apart say what the names say
        close &= digits[i[rest]] == digits[j[rest]]
        bare = digits[i[rest]] == ""
        out[rest[close & ~bare]] = code["close_user"]
        out[rest[close & bare]] = code["name_like"]
    return out.astype(np.int8)


def _email_digits(cols: dict[str, np.ndarray]) -> np.ndarray:
    if "email_digits" not in cols:
        cols["email_digits"] = np.array(
            ["".join(ch for ch in u if ch.isdigit()) for u in cols["email_user"].tolist()], dtype=object
        )
    return cols["email_digits"]


def _phone_levels(cols: dict[str, np.ndarray], i: np.ndarray, j: np.ndarray, workers: int) -> np.ndarray:
    code = CODE["phone"]
    p1, p2 = cols["phone"], cols["phone2"]
    missing = (p1[i] == "") | (p1[j] == "")
    same = _any_equal(p1[i], p2[i], p1[j], p2[j])
    out = np.where(missing, code["missing"], np.where(same, code["same"], code["different"]))
    rest = np.flatnonzero(out == code["different"])
    if len(rest):
        a, b = p1[i[rest]], p1[j[rest]]
        close = (_osa(a, b, workers) <= 1) & (np.minimum(_lengths(a), _lengths(b)) >= 7)
        out[rest[close]] = code["close"]
    return out.astype(np.int8)


def _fuzzy_levels(
    fld: str, key: np.ndarray, text: np.ndarray, i: np.ndarray, j: np.ndarray, workers: int, cut: float
) -> np.ndarray:
    """same / close / different / missing for a place or company; the fuzzy test runs once per
    distinct pair of texts (a sheet has far fewer places and companies than pairs)."""
    code = CODE[fld]
    out = _key_level(key[i], key[j], code["same"], code["different"], code["missing"])
    rest = np.flatnonzero(out == code["different"])
    if len(rest):
        codes, words = pd.factorize(text, use_na_sentinel=False)
        words = np.asarray(words, dtype=object)
        n = len(words)
        distinct, inverse = np.unique(codes[i[rest]].astype(np.int64) * n + codes[j[rest]], return_inverse=True)
        a, b = words[distinct // n], words[distinct % n]
        sim = _jw(a, b, workers)
        pairs = list(zip(a.tolist(), b.tolist(), strict=True))
        prefix = np.fromiter(
            (len(x) >= 4 and len(y) >= 4 and (x.startswith(y) or y.startswith(x)) for x, y in pairs), dtype=bool, count=len(pairs)
        )
        # "Acme 1" / "Acme 2", "Unit 4" / "Unit 5": values that differ only in their numbers differ
        numbered = np.fromiter((_letters(x) == _letters(y) for x, y in pairs), dtype=bool, count=len(pairs))
        close = (((sim >= cut) | prefix) & ~numbered)[inverse.ravel()]
        out[rest[close]] = code["close"]
    return out


def _letters(text: str) -> str:
    return "".join(ch for ch in text if not ch.isdigit() and not ch.isspace())


def compare(cols: dict[str, np.ndarray], pairs: np.ndarray, *, workers: int = 1) -> Levels:
    """Compare stage: per field, the level code (index into ``LEVELS[field]``) of each pair."""
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    i, j = pairs[:, 0], pairs[:, 1]
    out = Levels()
    out.pairs, out.cols = pairs, cols
    if not len(pairs):
        for fld in LEVELS:
            out[fld] = np.zeros(0, dtype=np.int8)
        out.swapped = np.zeros(0, dtype=bool)
        return out
    first, last, swapped = _name_levels(cols, pairs, workers)
    out["first"], out["last"], out.swapped = first, last, swapped
    out["linkedin"] = _key_level(cols["linkedin"][i], cols["linkedin"][j], 0, 1, 2)
    out["email"] = _email_levels(cols, i, j, workers)
    out["phone"] = _phone_levels(cols, i, j, workers)
    out["location"] = _fuzzy_levels("location", cols["location"], cols["place"], i, j, workers, 0.9)
    out["company"] = _fuzzy_levels("company", cols["company"], cols["company"], i, j, workers, 0.92)
    out["title"] = _key_level(cols["title"][i], cols["title"][j], 0, 1, 2)
    return out


def level_names(levels: dict[str, np.ndarray], k: int) -> dict[str, str]:
    """The levels of pair ``k`` by name (for reasons and reports)."""
    return {fld: LEVELS[fld][int(codes[k])] for fld, codes in levels.items()}


def as_frame(levels: dict[str, np.ndarray]) -> pd.DataFrame:
    """The levels as a table of names (for looking at pairs while tuning)."""
    return pd.DataFrame({fld: np.array(LEVELS[fld], dtype=object)[codes] for fld, codes in levels.items()})
