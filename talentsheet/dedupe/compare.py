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


def _missing_or_exact(a: np.ndarray, b: np.ndarray, code: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Levels for name codes where one side is empty (0) or both agree, "different" elsewhere,
    and the positions still to compare."""
    out = np.full(len(a), code["different"], dtype=np.int8)
    missing = (a == 0) | (b == 0)
    exact = ~missing & (a == b)
    out[missing], out[exact] = code["missing"], code["exact"]
    return out, np.flatnonzero(~missing & ~exact)


def _first_levels(a: np.ndarray, b: np.ndarray, voc: dict[str, np.ndarray], workers: int) -> np.ndarray:
    code = CODE["first"]
    out, rest = _missing_or_exact(a, b, code)
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
    out, rest = _missing_or_exact(a, b, code)
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
    a, b, inverse = distinct_pairs(full[pairs[:, 0]], full[pairs[:, 1]], len(first_of))
    fa, la, fb, lb = first_of[a], last_of[a], first_of[b], last_of[b]
    straight = (_first_levels(fa, fb, voc, workers), _last_levels(la, lb, voc, workers))
    swapped = (_first_levels(fa, lb, voc, workers), _last_levels(la, fb, voc, workers))
    rank = lambda lv: _rank("first", lv[0]) + _rank("last", lv[1])  # noqa: E731
    use_swap = rank(swapped) > rank(straight)
    first = np.where(use_swap, swapped[0], straight[0])
    last = np.where(use_swap, swapped[1], straight[1])
    return first[inverse], last[inverse], use_swap[inverse]


def _rank(fld: str, codes: np.ndarray) -> np.ndarray:
    table = np.array([_NAME_RANK[fld][lvl] for lvl in LEVELS[fld]], dtype=np.int64)
    return table[codes]


def distinct_pairs(a: np.ndarray, b: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (a, b) code pairs and, per input pair, the index of its distinct pair: a
    costly test then runs once per distinct pair (a sheet repeats names, places and companies).
    A dense table when the codes are few, else a hash (``np.unique`` sorts, which is slower)."""
    combo = a.astype(np.int64) * size + b
    if size <= 2048:
        seen = np.zeros(size * size, dtype=bool)
        seen[combo] = True
        distinct = np.flatnonzero(seen)
        at = np.zeros(size * size, dtype=np.int64)
        at[distinct] = np.arange(len(distinct))
        inverse = at[combo]
    else:
        inverse, distinct = pd.factorize(combo)
        distinct = np.asarray(distinct, dtype=np.int64)
    return distinct // size, distinct % size, inverse.astype(np.int64)


def _id_level(a: np.ndarray, b: np.ndarray, same: int, different: int, missing: int) -> np.ndarray:
    """same / different / missing from integer ids (-1: blank)."""
    return np.where((a < 0) | (b < 0), missing, np.where(a == b, same, different)).astype(np.int8)


def _any_equal(a1: np.ndarray, a2: np.ndarray, b1: np.ndarray, b2: np.ndarray) -> np.ndarray:
    """Either id of one row equals either id of the other (-1, a blank, equals nothing)."""
    eq = lambda x, y: (x == y) & (x >= 0)  # noqa: E731
    return eq(a1, b1) | eq(a1, b2) | eq(a2, b1) | eq(a2, b2)


def _osa_within(values: np.ndarray, i: np.ndarray, j: np.ndarray, limit: int, workers: int) -> np.ndarray:
    """Whether the values of each pair are at most ``limit`` edits apart (OSA: a swap is one)."""
    if not len(i):
        return np.zeros(0, dtype=bool)
    found = process.cpdist(values[i].tolist(), values[j].tolist(), scorer=OSA.distance, score_cutoff=limit, workers=workers)
    return np.asarray(found) <= limit


def _email_levels(cols: dict[str, np.ndarray], i: np.ndarray, j: np.ndarray, workers: int) -> np.ndarray:
    code = CODE["email"]
    e1, e2 = cols["email_id"], cols["email2_id"]
    u1, u2 = cols["email_user_id"], cols["email_user2_id"]
    length, digits = cols["email_user_len"], cols["email_digits_id"]
    bare_digits = cols["email_digits_blank"]
    missing = (e1[i] < 0) | (e1[j] < 0)
    same = _any_equal(e1[i], e2[i], e1[j], e2[j])
    same_user = ~same & _any_equal(u1[i], u2[i], u1[j], u2[j]) & (length[i] >= 3)
    out = np.where(
        missing, code["missing"], np.where(same, code["same"], np.where(same_user, code["same_user"], code["different"]))
    ).astype(np.int8)
    # "alexandra.byrd@outlook" and "alexandra.byrd@gmail": a user name that is only the name, at
    # another provider, says no more than the names do (namesakes have such addresses too)
    plain = np.flatnonzero(same_user & ~missing)
    out[plain[bare_digits[i[plain]] & bare_digits[j[plain]]]] = code["name_like"]
    # one typo apart: the numbers in a user name tell people apart (jlee70 / jlee71), so the
    # typo is in the letters; two bare names one letter apart say what the names say
    rest = np.flatnonzero(out == code["different"])
    ri, rj = i[rest], j[rest]
    shortest = np.minimum(length[ri], length[rj])
    maybe = (digits[ri] == digits[rj]) & (shortest >= 5) & (np.abs(length[ri] - length[rj]) <= 2)
    rest, ri, rj, shortest = rest[maybe], ri[maybe], rj[maybe], shortest[maybe]
    users = cols["email_user"]
    edits = np.full(len(rest), 3, dtype=np.int64)
    if len(rest):
        edits = np.asarray(
            process.cpdist(users[ri].tolist(), users[rj].tolist(), scorer=OSA.distance, score_cutoff=2, workers=workers)
        )
    close = (edits <= 1) | ((edits <= 2) & (shortest >= 10))
    bare = bare_digits[ri]
    out[rest[close & ~bare]] = code["close_user"]
    out[rest[close & bare]] = code["name_like"]
    return out


def _phone_levels(cols: dict[str, np.ndarray], i: np.ndarray, j: np.ndarray, workers: int) -> np.ndarray:
    code = CODE["phone"]
    p1, p2, length = cols["phone_id"], cols["phone2_id"], cols["phone_len"]
    missing = (p1[i] < 0) | (p1[j] < 0)
    same = _any_equal(p1[i], p2[i], p1[j], p2[j])
    out = np.where(missing, code["missing"], np.where(same, code["same"], code["different"])).astype(np.int8)
    rest = np.flatnonzero(out == code["different"])
    ri, rj = i[rest], j[rest]
    maybe = (np.minimum(length[ri], length[rj]) >= 7) & (np.abs(length[ri] - length[rj]) <= 1)
    rest = rest[maybe]
    out[rest[_osa_within(cols["phone"], i[rest], j[rest], 1, workers)]] = code["close"]
    return out


def _fuzzy_levels(
    fld: str, key: str, text: str, cols: dict[str, np.ndarray], i: np.ndarray, j: np.ndarray, workers: int, cut: float
) -> np.ndarray:
    """same / close / different / missing for a place or company; the fuzzy test runs once per
    distinct pair of texts (a sheet has far fewer places and companies than pairs)."""
    code = CODE[fld]
    ids = cols[f"{key}_id"]
    out = _id_level(ids[i], ids[j], code["same"], code["different"], code["missing"])
    rest = np.flatnonzero(out == code["different"])
    if len(rest):
        codes = cols[f"{text}_id"]
        words = cols[text]
        first_at = _first_positions(codes)
        a, b, inverse = distinct_pairs(codes[i[rest]], codes[j[rest]], len(first_at))
        x_words, y_words = words[first_at[a]], words[first_at[b]]
        sim = _jw(x_words, y_words, workers)
        pairs = list(zip(x_words.tolist(), y_words.tolist(), strict=True))
        prefix = np.fromiter(
            (len(x) >= 4 and len(y) >= 4 and (x.startswith(y) or y.startswith(x)) for x, y in pairs), dtype=bool, count=len(pairs)
        )
        # "Acme 1" / "Acme 2", "Unit 4" / "Unit 5": values that differ only in their numbers differ
        numbered = np.fromiter((_letters(x) == _letters(y) for x, y in pairs), dtype=bool, count=len(pairs))
        close = (((sim >= cut) | prefix) & ~numbered)[inverse]
        out[rest[close]] = code["close"]
    return out


def _first_positions(ids: np.ndarray) -> np.ndarray:
    """For each id 0..k-1, the first row that carries it (to read the value back)."""
    live = np.flatnonzero(ids >= 0)
    out = np.zeros(int(ids.max(initial=-1)) + 1, dtype=np.int64)
    out[ids[live][::-1]] = live[::-1]
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
    out["linkedin"] = _id_level(cols["linkedin_id"][i], cols["linkedin_id"][j], 0, 1, 2)
    out["email"] = _email_levels(cols, i, j, workers)
    out["phone"] = _phone_levels(cols, i, j, workers)
    out["location"] = _fuzzy_levels("location", "location", "place", cols, i, j, workers, 0.9)
    out["company"] = _fuzzy_levels("company", "company", "company", cols, i, j, workers, 0.92)
    out["title"] = _id_level(cols["title_id"][i], cols["title_id"][j], 0, 1, 2)
    return out


def level_names(levels: dict[str, np.ndarray], k: int) -> dict[str, str]:
    """The levels of pair ``k`` by name (for reasons and reports)."""
    return {fld: LEVELS[fld][int(codes[k])] for fld, codes in levels.items()}


def as_frame(levels: dict[str, np.ndarray]) -> pd.DataFrame:
    """The levels as a table of names (for looking at pairs while tuning)."""
    return pd.DataFrame({fld: np.array(LEVELS[fld], dtype=object)[codes] for fld, codes in levels.items()})
