"""Labelled evaluation set for duplicate detection (seeded, synthetic people only).

Every row carries the id of the person it describes, so true duplicate pairs are known.
Duplicates are made the way they recur in a recruiter's sheet: nicknames, typos, OCR-like
errors, swapped names, "SMITH, ROBERT" pasted into one cell, accents, missing fields, and
LinkedIn/email/phone written differently. Hard negatives are planted on purpose: different
people with the same common name in the same city, and family members who share a surname,
a city and sometimes a home phone.

    from dedupe_eval import make_eval_set
    ev = make_eval_set(20_000, seed=1)      # ev.df (canonical columns), ev.person (id per row)
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
from nicknames import NickNamer

from talentsheet import sample

_NN = NickNamer()
_NICK_TABLE = _NN.nickname_lookup
SYLLABLES_A = ["bran", "kel", "mor", "ash", "dun", "hal", "cor", "win", "ster", "lind", "ro", "ga", "fitz", "mac", "ol"]
SYLLABLES_B = ["dell", "ton", "ley", "wick", "son", "berg", "field", "more", "ridge", "ski", "ez", "ani", "ova", "ford", "ham"]
COMMON_FIRST = ["Daniel", "Maria", "John", "Michael", "David", "Jennifer", "James", "Linda"]
COMMON_LAST = ["Garcia", "Smith", "Nguyen", "Kim", "Patel", "Johnson", "Lee", "Brown"]
AREA_CODES = [212, 312, 415, 512, 206, 303, 617, 404, 919, 503, 213, 214, 305, 646, 718, 773, 425, 469, 737, 720]
DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com"]
OCR = {"rn": "m", "m": "rn", "l": "1", "o": "0", "e": "c", "i": "l", "cl": "d", "h": "b"}
ACCENTS = {"e": "é", "a": "á", "o": "ö", "u": "ü", "n": "ñ", "c": "ç"}


@dataclass
class EvalSet:
    """Rows with canonical columns and, per row, the person it describes."""

    df: pd.DataFrame
    person: np.ndarray
    kind: list[str]  # how the row was made: "original", "dup:<changes>", "twin", "family"

    def true_pairs(self) -> set[tuple[int, int]]:
        """Every pair of row positions (i < j) that describe the same person."""
        groups: dict[int, list[int]] = {}
        for i, p in enumerate(self.person):
            groups.setdefault(int(p), []).append(i)
        return {pair for rows in groups.values() if len(rows) > 1 for pair in combinations(rows, 2)}


def _first_names() -> list[str]:
    names = {n.title() for n in _NICK_TABLE if len(n) > 3} | set(sample.FIRST_NAMES) | set(COMMON_FIRST)
    return sorted(names)


def _last_names(rng: random.Random) -> list[str]:
    made = {(a + b).title() for a in SYLLABLES_A for b in SYLLABLES_B}
    return sorted(made | set(sample.LAST_NAMES) | set(COMMON_LAST))


def _zipf_choice(rng: random.Random, items: list[str], a: float = 0.9) -> str:
    """Popular names are common, as in real life (rank^-a weights via inverse transform)."""
    n = len(items)
    u = rng.random()
    rank = int(n ** (1 - u * (1 - 1 / n)) if a == 1 else (u * (n ** (1 - a) - 1) + 1) ** (1 / (1 - a))) - 1
    return items[min(max(rank, 0), n - 1)]


def _phone(rng: random.Random) -> str:
    exchange = rng.choice([x for x in range(201, 999) if x != 555])
    return f"{rng.choice(AREA_CODES)}{exchange}{rng.randint(0, 9999):04d}"


def _format_phone(digits: str, rng: random.Random) -> str:
    a, b, c = digits[:3], digits[3:6], digits[6:]
    return rng.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"+1 {a} {b} {c}", f"{a}.{b}.{c}", f"+1{a}{b}{c}"])


def _person(rng: random.Random, pid: int, firsts: list[str], lasts: list[str]) -> dict:
    first, last = _zipf_choice(rng, firsts, 0.7), _zipf_choice(rng, lasts, 0.7)
    slug = f"{first}-{last}-{pid:x}".lower()
    style = rng.randrange(3)
    local = [f"{first}.{last}{pid}", f"{first[0]}{last}{pid}", f"{first}_{pid}"][style].lower()  # addresses are unique
    return {
        "first_name": first,
        "last_name": last,
        "email": f"{local}@{rng.choice(DOMAINS)}" if rng.random() < 0.85 else "",
        "phone": _format_phone(_phone(rng), rng) if rng.random() < 0.6 else "",
        "linkedin": f"https://www.linkedin.com/in/{slug}" if rng.random() < 0.75 else "",
        "location": rng.choice(sample.CITIES),
        "current_title": rng.choice(sample.TITLES),
        "company": rng.choice(sample.COMPANIES),
        "notes": rng.choice(["", "Strong SQL", "Met at PyData", "Referral from Sam", "Wants remote"]),
        "last_contacted": sample.TODAY - pd.Timedelta(days=rng.randint(1, 700)),
    }


# --- ways a duplicate row differs -------------------------------------------------------------


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(len(word) - 1)
    op = rng.randrange(4)
    if op == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # transposition, also in the first letters
    if op == 1:
        return word[:i] + word[i + 1 :]  # deletion
    if op == 2:
        return word[:i] + rng.choice("aeiourstn") + word[i:]  # insertion
    return word[:i] + rng.choice("aeiourstn") + word[i + 1 :]  # substitution


def _ocr(word: str, rng: random.Random) -> str:
    hits = [k for k in OCR if k in word[1:]]
    if not hits:
        return _typo(word, rng)
    k = rng.choice(hits)
    return word[0] + word[1:].replace(k, OCR[k], 1)


def _accent(word: str, rng: random.Random) -> str:
    spots = [i for i, ch in enumerate(word) if ch in ACCENTS]
    if not spots:
        return word.upper()
    i = rng.choice(spots)
    return word[:i] + ACCENTS[word[i]] + word[i + 1 :]


def _nickname(first: str, rng: random.Random) -> str:
    nicks = sorted(_NN.nicknames_of(first))
    return rng.choice(nicks).title() if nicks else first


def _name_change(row: dict, rng: random.Random) -> str:
    kind = rng.choice(["nickname", "typo_first", "typo_last", "ocr", "swapped", "comma_paste", "accent", "case"])
    f, ln = row["first_name"], row["last_name"]
    if kind == "nickname":
        row["first_name"] = _nickname(f, rng)
    elif kind == "typo_first":
        row["first_name"] = _typo(f, rng)
    elif kind == "typo_last":
        row["last_name"] = _typo(ln, rng)
    elif kind == "ocr":
        row["last_name"] = _ocr(ln, rng)
    elif kind == "swapped":
        row["first_name"], row["last_name"] = ln, f
    elif kind == "comma_paste":
        row["first_name"], row["last_name"] = f"{ln.upper()}, {f.upper()}", ""
    elif kind == "accent":
        row["last_name"] = _accent(ln, rng)
    else:
        row["first_name"], row["last_name"] = f.upper(), ln.lower()
    return kind


def _respell_contacts(row: dict, rng: random.Random) -> list[str]:
    done = []
    if row["linkedin"] and rng.random() < 0.6:
        url = row["linkedin"]
        row["linkedin"] = rng.choice(
            [url + "?trk=public_profile", url.replace("https://www.", ""), url.replace("www.", "m.") + "/", url.upper()]
        )
        done.append("linkedin_variant")
    if row["email"] and rng.random() < 0.5:
        row["email"] = rng.choice([row["email"].upper(), f" {row['email']} ", f"mailto:{row['email']}"])
        done.append("email_variant")
    if row["phone"] and rng.random() < 0.6:
        digits = "".join(ch for ch in row["phone"] if ch.isdigit())[-10:]
        row["phone"] = _format_phone(digits, rng)
        done.append("phone_variant")
    return done


def _drop_and_change(row: dict, rng: random.Random) -> list[str]:
    done = []
    for f in ("email", "phone", "linkedin"):
        if row[f] and rng.random() < 0.35:
            row[f] = ""
            done.append(f"missing_{f}")
    if rng.random() < 0.25:
        row["email"] = f"{row['first_name'][:1]}{row['last_name']}.{rng.randint(1, 10**6)}@{rng.choice(DOMAINS)}".lower()
        done.append("new_email")
    if rng.random() < 0.2:
        row["current_title"] = rng.choice(sample.TITLES)
        done.append("new_title")
    if rng.random() < 0.15:
        row["company"] = rng.choice(sample.COMPANIES)
        done.append("new_company")
    if rng.random() < 0.05:
        row["location"] = rng.choice(sample.CITIES)
        done.append("moved")
    row["notes"] = rng.choice(["", "Second contact", "Pasted from event list", row["notes"]])
    return done


def _has_link(orig: dict, dup: dict) -> bool:
    """A duplicate a careful human could still recognise: one shared contact, or name + city + company."""
    same = any(orig[f] and dup[f] for f in ("email", "phone", "linkedin")) and any(
        _plain(orig[f]) == _plain(dup[f]) for f in ("email", "phone", "linkedin") if orig[f] and dup[f]
    )
    return same or (orig["location"] == dup["location"] and orig["company"] == dup["company"])


def _plain(v: str) -> str:
    v = v.lower().replace("mailto:", "").strip()
    digits = "".join(ch for ch in v if ch.isdigit())
    if len(digits) >= 10 and "@" not in v and "linkedin" not in v:
        return digits[-10:]
    if "linkedin" in v:
        return v.split("/in/")[-1].split("?")[0].strip("/")
    return v


def _duplicate(orig: dict, rng: random.Random) -> tuple[dict, str]:
    for _ in range(10):
        dup = dict(orig)
        changes = [_name_change(dup, rng)] if rng.random() < 0.8 else []
        changes += _respell_contacts(dup, rng) + _drop_and_change(dup, rng)
        if _has_link(orig, dup):
            return dup, "dup:" + ",".join(changes)
    dup = dict(orig)
    dup["email"] = dup["email"].upper()
    return dup, "dup:email_variant"


# --- hard negatives ------------------------------------------------------------------------------


def _twins(rng: random.Random, pid: int, firsts: list[str], lasts: list[str]) -> list[dict]:
    """Two or three different people called e.g. 'Daniel Garcia' in the same city."""
    first, last, city = rng.choice(COMMON_FIRST), rng.choice(COMMON_LAST), rng.choice(sample.CITIES)
    people = []
    for k in range(rng.choice([2, 3])):
        p = _person(rng, pid + k, firsts, lasts)
        p.update(first_name=first, last_name=last, location=city)
        p["linkedin"] = f"https://www.linkedin.com/in/{first}-{last}-{pid + k:x}".lower() if p["linkedin"] else ""
        p["email"] = f"{first[0]}{last}{pid + k}@{rng.choice(DOMAINS)}".lower() if p["email"] else ""  # one address per person
        people.append(p)
    return people


def _family(rng: random.Random, pid: int, firsts: list[str], lasts: list[str]) -> list[dict]:
    """Relatives: same surname and city, often the same home phone, different first names."""
    a = _person(rng, pid, firsts, lasts)
    b = _person(rng, pid + 1, firsts, lasts)
    while b["first_name"] == a["first_name"]:
        b["first_name"] = rng.choice(firsts)
    b.update(last_name=a["last_name"], location=a["location"])
    if b["linkedin"]:
        b["linkedin"] = f"https://www.linkedin.com/in/{b['first_name']}-{b['last_name']}-{pid + 1:x}".lower()
    if b["email"]:
        b["email"] = f"{b['first_name']}.{b['last_name']}{pid + 1}@{rng.choice(DOMAINS)}".lower()
    if rng.random() < 0.5:
        a["phone"] = b["phone"] = _format_phone(_phone(rng), rng)
    return [a, b]


def make_eval_set(n_rows: int, seed: int = 1, dup_share: float = 0.25, negative_share: float = 0.06) -> EvalSet:
    """About ``n_rows`` rows: originals, their duplicates (25%) and hard negatives (6%), shuffled."""
    rng = random.Random(seed)
    firsts, lasts = _first_names(), _last_names(rng)
    rows: list[dict] = []
    person: list[int] = []
    kind: list[str] = []
    pid = 0
    while len(rows) < n_rows:
        r = rng.random()
        if r < negative_share / 2:
            made = [(p, "twin") for p in _twins(rng, pid, firsts, lasts)]
        elif r < negative_share:
            made = [(p, "family") for p in _family(rng, pid, firsts, lasts)]
        else:
            made = [(_person(rng, pid, firsts, lasts), "original")]
        for p, k in made:
            rows.append(p)
            person.append(pid)
            kind.append(k)
            if k == "original" and rng.random() < dup_share:
                for _ in range(1 if rng.random() < 0.85 else 2):
                    dup, how = _duplicate(p, rng)
                    rows.append(dup)
                    person.append(pid)
                    kind.append(how)
            pid += 1
    order = list(range(len(rows)))
    rng.shuffle(order)
    df = pd.DataFrame([rows[i] for i in order], dtype=object).replace({"": None})
    return EvalSet(df.reset_index(drop=True), np.array([person[i] for i in order]), [kind[i] for i in order])


def write_eval_workbook(ev: EvalSet, path: Path) -> Path:
    """The set as a recruiter workbook (template headers), for end-to-end CLI runs."""
    return sample.write_plain_workbook(ev.df.fillna(""), path)


if __name__ == "__main__":
    ev = make_eval_set(2000, seed=1)
    print(ev.df.head(10).to_string())
    print(f"{len(ev.df)} rows, {len(ev.true_pairs())} true pairs")
    print(pd.Series(ev.kind).str.split(":").str[0].value_counts().to_string())
