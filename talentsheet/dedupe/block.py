"""Blocking stage of duplicate detection: which pairs of rows are worth comparing at all.

Several keys, so one typo cannot hide a duplicate: exact LinkedIn / email / email user /
phone (national number) keys; sorted name tokens, anywhere and within a city; nickname form +
first two or last three letters of the surname; surname + first letter or last two letters of
the first name (also read swapped), within a city; surname + first letter and first name +
surname start anywhere (a misspelt or missing city). Small blocks are paired in bulk with
numpy, large ones filtered with ``rapidfuzz.process.cdist``. Cost grows with the number of
rows, never with rows².
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from .compare import distinct_pairs
from .names import first_forms
from .settings import DedupeSettings

__all__ = ["block_pairs"]

BlockKeys = tuple[str, pd.Series, pd.Series | None]  # (family, int key per position (-1: none), name compared in the block)


def _codes(values: pd.Series | np.ndarray, *, blank_is_missing: bool = True) -> np.ndarray:
    """Integer code per value (-1 for a blank when blanks mean 'no key')."""
    arr = np.asarray(values, dtype=object)
    codes, _ = pd.factorize(arr)
    return np.where(arr == "", -1, codes).astype(np.int64) if blank_is_missing else codes.astype(np.int64)


def _combine(*parts: np.ndarray) -> np.ndarray:
    """One int64 key from several coded parts (-1 when a required part is missing)."""
    out = np.zeros(len(parts[0]), dtype=np.int64)
    missing = np.zeros(len(parts[0]), dtype=bool)
    for codes in parts:
        out = out * (int(codes.max(initial=0)) + 2) + (codes + 1)
        missing |= codes < 0
    return np.where(missing, -1, out)


EXACT_KEYS = ("linkedin", "email", "phone", "email_user")


def _exact_keys(prep: pd.DataFrame) -> list[BlockKeys]:
    out = []
    for name in EXACT_KEYS:
        values = prep[name]
        if name == "email_user":  # "jsmith" is many people; a longer user name is one
            values = values.where(values.str.len() >= 5, "")
        out.append((name, pd.Series(_codes(values), index=prep.index), None))
    return out


_KEY_BITS = np.uint64((1 << 63) - 1)
_BASE = 0x100000001B3  # odd, so it has an inverse modulo 2**64
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads a polynomial hash over all 64 bits."""
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def deletion_hashes(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of each word with each one character left out, and of the word itself
    (two words one typo apart, a character added, dropped, changed or two swapped, share at
    least one: symmetric delete), word after word, and where each word's hashes start. Vectorised
    per word length with a polynomial hash, sum(c_k * B**k) mod 2**64: leaving out character d
    is the sum below d plus the sum above it divided by B, so a word of length L costs O(L)."""
    lengths = np.fromiter((len(w) for w in words), dtype=np.int64, count=len(words))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64)
    hashes = np.zeros(int((lengths + 1).sum()), dtype=np.int64)
    with np.errstate(over="ignore"):
        for size in np.unique(lengths).tolist():
            at = np.flatnonzero(lengths == size)
            chars = np.array([words[k] for k in at.tolist()], dtype=f"<U{max(size, 1)}").view(np.uint32)
            chars = chars.reshape(len(at), -1)[:, :size].astype(np.uint64)
            powers = np.concatenate((np.ones(1, dtype=np.uint64), np.cumprod(np.full(max(size - 1, 0), _BASE, dtype=np.uint64))))
            weighted = chars * powers[:size]
            running = np.cumsum(weighted, axis=1, dtype=np.uint64)
            total = running[:, -1:] if size else np.zeros((len(at), 1), dtype=np.uint64)
            below, above = running - weighted, total - running  # sums over positions < d and > d
            every = np.concatenate((below + above * np.uint64(_BASE_INVERSE), total), axis=1)  # deletions, then the word
            length_of = np.concatenate((np.full(size, max(size - 1, 0), dtype=np.uint64), np.full(1, size, dtype=np.uint64)))
            mixed = (_mix(every ^ (length_of * np.uint64(0x9E3779B97F4A7C15))) & _KEY_BITS).astype(np.int64)
            hashes[(starts[at][:, None] + np.arange(size + 1)).ravel()] = mixed.ravel()
    return starts, hashes


def _typo_keys(prep: pd.DataFrame) -> Iterator[BlockKeys]:
    """One-typo neighbourhoods of the whole name (anywhere), the email user and the phone number:
    "Minards"/"Minarfs", "willaimlazaroff"/"williamlazaroff", a mistyped digit. Computed once per
    distinct value, then spread to the rows that carry it."""
    both = ((prep["first"] != "") & (prep["last"] != "")).to_numpy()
    names = np.array(
        ["".join(sorted(p)) if ok else "" for p, ok in zip(zip(prep["first"], prep["last"], strict=True), both, strict=True)],
        dtype=object,
    )
    for tag, values, shortest in (
        ("name_typo", names, 6),
        ("email_typo", prep["email_user"].to_numpy(dtype=object), 6),
        ("phone_typo", prep["phone"].to_numpy(dtype=object), 8),
    ):
        ok = np.flatnonzero(np.fromiter((len(v) >= shortest for v in values.tolist()), dtype=bool, count=len(values)))
        if not len(ok):
            continue
        codes, distinct = pd.factorize(values[ok])
        starts, variant_codes = deletion_hashes(distinct.tolist())  # a million names: fourteen million variants
        sizes = np.diff(np.append(starts, len(variant_codes)))
        per_row = sizes[codes]
        first_of_row = np.repeat(np.cumsum(per_row) - per_row, per_row)
        offsets = np.repeat(starts[codes], per_row) + np.arange(int(per_row.sum())) - first_of_row
        keys = variant_codes[offsets] & _hash_bits(len(offsets))
        yield (tag, pd.Series(keys, index=np.repeat(ok, per_row)), None)


def _name_keys(prep: pd.DataFrame) -> Iterator[BlockKeys]:
    """Name block keys, each within a city; two of them survive typos in a name's first
    letters, and the last-name keys are also emitted with first and last swapped. One family
    at a time (a generator), so a million rows never hold every key at once."""
    first, last, city = prep["first"], prep["last"], prep["location"]
    both = ((first != "") & (last != "")).to_numpy()
    first, last, city = first[both], last[both], city[both]
    idx = first.index
    city_code = _codes(city, blank_is_missing=False)
    sorted_name = [" ".join(sorted((f, ln))) for f, ln in zip(first, last, strict=True)]
    yield ("sorted_name", pd.Series(_combine(_codes(sorted_name), city_code), index=idx), None)
    yield ("sorted_name_anywhere", pd.Series(_codes(sorted_name), index=idx), None)
    del sorted_name
    # anywhere (a misspelt, missing or moved city): surname + first letter, compared on the first
    # name; first name + surname start, compared on the surname
    yield ("last_initial_anywhere", pd.Series(_combine(_codes(last), _codes(first.str[:1])), index=idx), first)
    # both names misspelt: people at one company in one city, compared on the whole name
    company = prep["company"][both]
    whole = first + " " + last
    company_city = np.where((company != "").to_numpy(), _combine(_codes(company), city_code), -1)
    yield ("company_city", pd.Series(company_city, index=idx), whole)
    yield ("first_start_anywhere", pd.Series(_combine(_codes(first), _codes(last.str[:2])), index=idx), last)
    forms = first.map(first_forms).explode()
    at = idx.get_indexer(forms.index)
    for tag, part in (("nick_start", last.str[:2]), ("nick_end", last.str[-3:])):
        key = _combine(_codes(forms.to_numpy(dtype=object)), _codes(part)[at], city_code[at])
        yield (tag, pd.Series(key, index=forms.index), last.iloc[at])
    name_code = _codes(np.concatenate((last.to_numpy(dtype=object), first.to_numpy(dtype=object))))  # one code space
    for tag, cut in (("last_initial", slice(0, 1)), ("last_ending", slice(-2, None))):
        # straight: last name + start/end of the first name; swapped: first name + of the last
        cut_code = _codes(np.concatenate((first.str[cut].to_numpy(dtype=object), last.str[cut].to_numpy(dtype=object))))
        keys = pd.Series(_combine(name_code, cut_code, np.concatenate((city_code, city_code))), index=idx.append(idx))
        yield (tag, keys, pd.concat([first, last]))


def _group_slices(keys: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Order of ``keys`` grouped by key (negative keys left out), and the [start, end) of each
    key shared by 2+ rows. Key and position are packed into one integer when they fit (one
    sort of plain integers is several times faster than an argsort)."""
    codes = keys.to_numpy(dtype=np.int64)
    live = np.flatnonzero(codes >= 0)
    bits = max(len(codes).bit_length(), 1)
    if len(live) and int(codes[live].max()) < 1 << (63 - bits):
        packed = np.sort((codes[live] << bits) | live)
        order, codes = packed & ((1 << bits) - 1), packed >> bits
    else:
        order = live[np.argsort(codes[live], kind="stable")]
        codes = codes[order]
    edges = np.flatnonzero(np.diff(codes)) + 1
    starts = np.concatenate(([0], edges)).astype(np.int64)
    ends = np.concatenate((edges, [len(codes)])).astype(np.int64)
    keep = ends - starts > 1
    return order, starts[keep], ends[keep]


def _hash_bits(entries: int) -> np.int64:
    """A mask that leaves a hashed key room to be packed with the position of each of ``entries``
    (``_group_slices``); two keys that then collide only add a few candidate pairs."""
    return np.int64((1 << (63 - max(entries.bit_length(), 1))) - 1)


BAND_CELLS = 4_000_000  # cdist cells per band of a big block (bounded memory, whatever the block size)


def _pairs_in_block(members: np.ndarray, values: list[str] | None, cutoff: float, workers: int) -> Iterator[np.ndarray]:
    """All pairs of a block, or only those whose compared name passes the cdist cutoff. The
    names are scored once per distinct pair (a block of namesakes repeats a few names), then
    read back a band of rows at a time (same scores, bounded memory)."""
    n = len(members)
    if values is None:
        i, j = np.triu_indices(n, 1)
        yield np.stack((members[i], members[j]), axis=1)
        return
    codes, distinct = pd.factorize(np.asarray(values, dtype=object))
    words = list(distinct)
    sims = process.cdist(
        words, words, scorer=fuzz.ratio, score_cutoff=cutoff, workers=workers if len(words) > 64 else 1, dtype=np.uint8
    )
    band = max(1, BAND_CELLS // n)
    for top in range(0, n - 1, band):
        i, j = np.nonzero(sims[codes[top : top + band]][:, codes])
        i += top
        upper = j > i
        yield np.stack((members[i[upper]], members[j[upper]]), axis=1)


def _pairs_with_focus(members: np.ndarray, values: list[str] | None, focus: np.ndarray, cutoff: float) -> np.ndarray:
    """Pairs of a block that involve a focus row (a new candidate): queries x whole block."""
    queries = np.flatnonzero(focus[members])
    if values is None:
        sims = np.ones((len(queries), len(members)), dtype=np.uint8)
    else:
        sims = process.cdist([values[q] for q in queries], values, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8)
    qi, j = np.nonzero(sims)
    return np.stack((members[queries[qi]], members[j]), axis=1)


SMALL_BLOCK = 64  # blocks up to this size are paired in bulk; bigger ones go through cdist
PAIRS_PER_CHUNK = 500_000


def _bulk_pairs(pos: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> Iterator[np.ndarray]:
    """All pairs inside many small blocks, one block size at a time (blocks of one size share
    their offsets, so each size is a single numpy step)."""
    for size in np.unique(sizes):
        i, j = np.triu_indices(int(size), 1)
        bases = starts[sizes == size]
        step = max(1, PAIRS_PER_CHUNK // len(i))  # bounded memory on a million rows
        for k in range(0, len(bases), step):
            base = bases[k : k + step, None]
            yield np.stack((pos[(base + i).ravel()], pos[(base + j).ravel()]), axis=1)


def _similar_enough(codes: np.ndarray, names: list[str], pairs: np.ndarray, cutoff: float) -> np.ndarray:
    """rapidfuzz ratio >= cutoff for each pair of coded names, computed once per distinct pair."""
    if not len(pairs):
        return np.zeros(0, dtype=bool)
    a, b, inverse = distinct_pairs(codes[pairs[:, 0]], codes[pairs[:, 1]], len(names))
    words = np.asarray(names, dtype=object)
    ratio = process.cpdist(words[a].tolist(), words[b].tolist(), scorer=fuzz.ratio, score_cutoff=cutoff, workers=1)
    return (np.asarray(ratio) >= cutoff)[inverse]


# blocks bigger than this are skipped for the families that look anywhere in the sheet (or at a
# whole company): such a block is a crowd of namesakes or colleagues, and the families within a
# city still pair its real duplicates; without a cap they grow with rows², not rows
FAMILY_CAPS = {
    "sorted_name_anywhere": 20,
    "name_typo": 30,
    "last_initial_anywhere": 150,
    "first_start_anywhere": 100,
    "company_city": 300,
    # one mistyped digit or letter: a neighbourhood shared by dozens of rows is a dense run of
    # numbers (a switchboard's extensions, a sheet of 555 numbers), not one person's typo
    "phone_typo": 30,
    "email_typo": 30,
}


def _family_pairs(
    keys: pd.Series, compared: pd.Series | None, settings: DedupeSettings, focus: np.ndarray | None, largest: int | None = None
) -> Iterator[np.ndarray]:
    """Candidate pairs of one block-key family, a chunk at a time (a family can hold tens of
    millions of pairs at a million rows, most of them repeats of another family's)."""
    order, starts, ends = _group_slices(keys)
    pos = keys.index.to_numpy()[order]
    values = None if compared is None else compared.to_numpy(dtype=object)[order]
    if compared is None or largest:
        cap = largest or settings.max_block  # a shared office phone identifies no one
        fits = ends - starts <= cap
        starts, ends = starts[fits], ends[fits]
    small = ends - starts <= SMALL_BLOCK
    if small.any():
        codes, names = (None, None) if values is None else pd.factorize(values)
        codes, names = (None, None) if values is None else (codes.astype(np.int64), list(names))
        for local in _bulk_pairs(np.arange(len(pos)), starts[small], (ends - starts)[small]):
            if values is not None:
                local = local[_similar_enough(codes, names, local, settings.name_cutoff)]
            yield _with_focus(np.stack((pos[local[:, 0]], pos[local[:, 1]]), axis=1), focus)
    for s, e in zip(starts[~small].tolist(), ends[~small].tolist(), strict=True):
        block_values = None if values is None else values[s:e].tolist()
        if focus is None:
            yield from _pairs_in_block(pos[s:e], block_values, settings.name_cutoff, settings.workers)
        else:
            yield _with_focus(_pairs_with_focus(pos[s:e], block_values, focus, settings.name_cutoff), focus)


def _with_focus(pairs: np.ndarray, focus: np.ndarray | None) -> np.ndarray:
    """Only the pairs that involve a focus row (all of them without a focus)."""
    return pairs if focus is None else pairs[focus[pairs[:, 0]] | focus[pairs[:, 1]]]


class _PairSet:
    """Distinct pair codes, merged in batches: the families repeat one another's pairs many
    times over, so holding every family's pairs until the end cost most of the peak memory."""

    def __init__(self, batch: int = 4_000_000) -> None:
        self.codes = np.empty(0, dtype=np.int64)
        self._pending: list[np.ndarray] = []
        self._size = 0
        self._batch = batch

    def add(self, codes: np.ndarray) -> None:
        """Queue codes; merge once the queue is as big as the set (amortised, bounded memory)."""
        self._pending.append(codes)
        self._size += len(codes)
        if self._size >= max(self._batch, len(self.codes)):
            self.merge()

    def merge(self) -> np.ndarray:
        """The sorted distinct codes so far."""
        if self._pending:
            self.codes = _distinct(np.concatenate([self.codes, *self._pending]))
            self._pending, self._size = [], 0
        return self.codes


def _one_sided_pairs(prep: pd.DataFrame, settings: DedupeSettings, focus: np.ndarray | None) -> Iterator[np.ndarray]:
    """A row with only one name ("Chaudhuri") meets every row of its city that carries that name
    as first or last name (only pairs that involve such a row: the name keys need both names)."""
    first, last = prep["first"].to_numpy(dtype=object), prep["last"].to_numpy(dtype=object)
    lonely = (first == "") != (last == "")
    if not lonely.any():
        return
    token = np.where(first == "", last, first)
    n = len(prep)
    values = np.concatenate((np.where(lonely, token, first), np.where(lonely, "", last)))
    city = np.concatenate((prep["location"].to_numpy(dtype=object),) * 2)
    keys = _combine(_codes(values), _codes(city, blank_is_missing=False))
    owner = np.concatenate((np.arange(n), np.arange(n)))
    wanted = np.unique(keys[:n][lonely])
    inside = np.isin(keys, wanted[wanted >= 0]) & (values != "")
    order, starts, ends = _group_slices(pd.Series(keys[inside]))
    pos = owner[inside][order]
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        members = np.unique(pos[s:e])
        if len(members) < 2 or len(members) > settings.max_block:
            continue
        alone = members[lonely[members]]
        pairs = np.array([(a, b) for a in alone.tolist() for b in members.tolist() if a != b], dtype=np.int64).reshape(-1, 2)
        yield _with_focus(pairs, focus)


def block_pairs(prep: pd.DataFrame, settings: DedupeSettings | None = None, *, focus: np.ndarray | None = None) -> np.ndarray:
    """Candidate pairs (positions i < j into ``prep``) from every blocking key, without repeats.

    With ``focus`` (a boolean mask) only pairs that involve a focus row are made, and blocks
    without one are skipped: checking a few new rows costs little however big the sheet is.
    """
    settings = settings or DedupeSettings()
    positional = prep.reset_index(drop=True)
    n = max(len(prep), 1)
    found = _PairSet()
    for tag, keys, compared in itertools.chain(_exact_keys(positional), _name_keys(positional), _typo_keys(positional)):
        if focus is not None:
            mask = _focus_mask(keys, focus)
            keys, compared = keys[mask], None if compared is None else compared[mask]
        for chunk in _family_pairs(keys, compared, settings, focus, FAMILY_CAPS.get(tag)):
            found.add(_pair_codes(chunk, n))
        del keys, compared
    for chunk in _one_sided_pairs(positional, settings, focus):
        found.add(_pair_codes(chunk, n))
    codes = found.merge()
    return np.stack((codes // n, codes % n), axis=1)


def _distinct(codes: np.ndarray) -> np.ndarray:
    """Sorted distinct values of a fresh array (sorted in place). What ``np.unique`` returns,
    but numpy 2.4's ``np.unique`` hashes int64 first and is ten times slower on millions."""
    codes.sort(kind="stable")  # timsort: the already sorted set is one run, merged in linear time
    keep = np.ones(len(codes), dtype=bool)
    np.not_equal(codes[1:], codes[:-1], out=keep[1:])
    return codes[keep]


def _pair_codes(pairs: np.ndarray, n: int) -> np.ndarray:
    """Each pair (i < j, i != j) as one int64 ``i * n + j`` (half the memory of two columns)."""
    a, b = pairs[:, 0].astype(np.int64), pairs[:, 1].astype(np.int64)
    keep = a != b
    return np.minimum(a[keep], b[keep]) * n + np.maximum(a[keep], b[keep])


def _focus_mask(keys: pd.Series, focus: np.ndarray) -> np.ndarray:
    """Entries whose key is shared with at least one focus row."""
    values = keys.to_numpy(dtype=np.int64)
    wanted = np.unique(values[focus[keys.index.to_numpy()]])
    return np.isin(values, wanted[wanted >= 0])
