"""Settings of duplicate detection: a typed, validated dataclass, loadable from a dict or a JSON
file. A leaf module (it imports nothing else of dedupe), so every stage can import it.

The comparison levels and their default agreement probabilities live here too: ``m`` (how
often two rows of one person show the level) and ``u`` (how often two different people do).
They were fitted on the labelled development sets (``benchmarks/bench_dedupe.py --tune``) and are
only the starting point: each run re-estimates them on the sheet itself (``score.estimate``).
"""

from __future__ import annotations

import json
import math
import types
import typing
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["DEFAULT_M", "DEFAULT_U", "LEVELS", "DedupeSettings"]

# field -> its levels, most agreeing first; "missing" (one side blank) always weighs 0, and so
# does email "name_like" (two addresses that agree only in the name they spell, "jo.prasad@" and
# "jprasad@": no evidence beyond the names, which are compared already)
LEVELS: dict[str, list[str]] = {
    "first": ["exact", "nickname", "close", "near", "initial", "different", "missing"],
    "last": ["exact", "close", "near", "part", "different", "missing"],
    "linkedin": ["same", "different", "missing"],
    "email": ["same", "same_user", "close_user", "name_like", "different", "missing"],
    "phone": ["same", "close", "different", "missing"],
    "location": ["same", "close", "different", "missing"],
    "company": ["same", "close", "different", "missing"],
    "title": ["same", "different", "missing"],
}
# P(level | same person), P(level | different people), per field, without "missing" (the
# missing level is left out of the likelihood). Fitted by
# `bench_dedupe.py --tune --rows 50000 --seed 11` on our generator and the GeCo-model
# generator (no m below 0.01); see docs/dedupe.md.
DEFAULT_M: dict[str, dict[str, float]] = {
    "first": {"exact": 0.514, "nickname": 0.0301, "close": 0.308, "near": 0.071, "initial": 0.0099, "different": 0.0674},
    "last": {"exact": 0.501, "close": 0.325, "near": 0.0667, "part": 0.0167, "different": 0.0901},
    "linkedin": {"same": 0.99, "different": 0.0099},
    "email": {"same": 0.581, "same_user": 0.0099, "close_user": 0.125, "name_like": 0.0, "different": 0.284},
    "phone": {"same": 0.757, "close": 0.171, "different": 0.0716},
    "location": {"same": 0.637, "close": 0.239, "different": 0.124},
    "company": {"same": 0.802, "close": 0.0557, "different": 0.142},
    "title": {"same": 0.872, "different": 0.128},
}
DEFAULT_U: dict[str, dict[str, float]] = {
    "first": {"exact": 0.00368, "nickname": 0.00134, "close": 0.00261, "near": 0.00357, "initial": 7.61e-06, "different": 0.989},
    "last": {"exact": 0.00634, "close": 0.00148, "near": 0.00662, "part": 3.31e-05, "different": 0.986},
    "linkedin": {"same": 2.8e-05, "different": 1.0},
    "email": {"same": 6.69e-06, "same_user": 1.34e-06, "close_user": 4.01e-06, "name_like": 0.0, "different": 1.0},
    "phone": {"same": 2.82e-05, "close": 2.17e-06, "different": 1.0},
    "location": {"same": 0.0328, "close": 0.00187, "different": 0.965},
    "company": {"same": 0.0517, "close": 0.00039, "different": 0.948},
    "title": {"same": 0.0438, "different": 0.956},
}


@dataclass
class DedupeSettings:
    """How duplicates are found; every default is documented in docs/dedupe.md."""

    threshold: float = 0.9  # match probability from which a pair is a duplicate (1: none is)
    merge_probability: float = 0.75  # two sub-groups of a component join when their pairs average at least these odds
    certain: float = 0.99  # a group whose every tie is at least this likely is "Certain"
    likely: float = 0.9  # ... at least this likely is "Likely"; below, "Check"
    estimate: bool = True  # re-estimate m, u and the share of duplicates on the sheet itself (EM)
    em_min_rows: int = 1_000  # smaller sheets hold too few duplicates to learn from: the defaults are used
    em_iterations: int = 30  # EM rounds at most (it stops earlier once the estimates settle)
    em_pairs: int = 400_000  # candidate pairs EM learns from at most (a random sample beyond)
    u_pairs: int = 100_000  # random pairs that estimate u (how often different people agree)
    em_trust: float = 4.0  # EM moves no m further than this factor from its default (a trust region)
    prior_matches: float = 300.0  # EM's pseudo-count: the defaults weigh as much as this many duplicate pairs
    prior_pairs: float = 20_000.0  # ... and u's defaults as much as this many random pairs
    duplicates_per_row: float = 0.3  # starting guess of duplicate pairs per row (EM refines it)
    prior_rows: float = 1_000.0  # ... and keeps this many rows' worth of that guess (a small sheet says little)
    min_rows: int = 5_000  # a sheet is judged at least as strictly as one of this many rows
    term_frequency: bool = True  # a common name ("Daniel Garcia") counts for less than a rare one
    tf_pseudo_rows: float = 200.0  # name counts are smoothed towards the defaults by this many rows
    name_cutoff: float = 70.0  # rapidfuzz ratio a name must reach inside a name block
    max_block: int = 400  # exact-key blocks larger than this (a shared office phone) are skipped
    different_first_needs_id: bool = True  # different first names match only with the same LinkedIn or email
    typo_edits: int = 2  # names this few edits apart (two typos of one name) do not contradict in a group
    region: str = "US"  # phone region when neither the row nor the sheet names a country
    workers: int = -1  # rapidfuzz threads (-1: all cores)
    weights: dict[str, dict[str, float]] = field(default_factory=dict)  # fixed weights (bits) for chosen levels

    def __post_init__(self) -> None:
        problems = _check_values(self)
        if problems:
            raise InputError("dedupe settings: " + "; ".join(problems), _HINT)

    @classmethod
    def from_dict(cls, data: Any) -> DedupeSettings:
        """Settings from plain data; every unknown name and every wrong type is reported at once."""
        if not isinstance(data, dict):
            raise InputError(f"dedupe settings must be a JSON object, not {type(data).__name__}", _HINT)
        known = {f.name: f for f in fields(cls)}
        problems = [f"unknown setting {k!r}" for k in data if k not in known]
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in known:
                continue
            if name == "weights":
                weights, wrong = _read_weights(value)
                problems += wrong
                values[name] = weights
                continue
            converted, wrong = _convert(name, value)
            if wrong:
                problems.append(wrong)
            else:
                values[name] = converted
        defaults = cls().to_dict()
        problems += _check_values(types.SimpleNamespace(**(defaults | values)))
        if problems:
            raise InputError("dedupe settings: " + "; ".join(problems), _HINT)
        return cls(**values)

    @classmethod
    def from_json(cls, path: str | Path) -> DedupeSettings:
        """Settings from a JSON file; a missing file or invalid JSON is an InputError, not a traceback."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"settings file {str(path)!r} does not exist", "check the path given to --settings") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"settings file {str(path)!r} cannot be read ({exc.__class__.__name__})", _HINT) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"settings file {str(path)!r} is not valid JSON: {exc.msg} at line {exc.lineno}", _HINT) from None
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_HINT = 'write settings as JSON, e.g. {"threshold": 0.95, "weights": {"location": {"same": 3}}}; see docs/dedupe.md'
_TYPES = typing.get_type_hints(DedupeSettings)


def _convert(name: str, value: Any) -> tuple[Any, str]:
    """The value as the setting's type, or why not (a bool is never a number, "3" never an int)."""
    kind = _TYPES[name]
    if kind is bool:
        return (value, "") if isinstance(value, bool) else (None, f"{name} must be true or false, not {value!r}")
    if kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return (value, "") if ok else (None, f"{name} must be a whole number, not {value!r}")
    if kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return (float(value), "") if ok else (None, f"{name} must be a number, not {value!r}")
    return (value, "") if isinstance(value, str) else (None, f"{name} must be text, not {value!r}")


def _read_weights(value: Any) -> tuple[dict[str, dict[str, float]], list[str]]:
    if not isinstance(value, dict):
        return {}, [f"weights must be an object of fields, not {value!r}"]
    out: dict[str, dict[str, float]] = {}
    problems: list[str] = []
    for fld, levels in value.items():
        if fld not in LEVELS:
            problems.append(f"unknown field {fld!r} in weights (fields: {', '.join(LEVELS)})")
            continue
        if not isinstance(levels, dict):
            problems.append(f"weights.{fld} must be an object of levels, not {levels!r}")
            continue
        for lvl, w in levels.items():
            if lvl not in LEVELS[fld]:
                problems.append(f"unknown level {fld}.{lvl} (levels: {', '.join(LEVELS[fld])})")
            elif isinstance(w, bool) or not isinstance(w, int | float) or not math.isfinite(w):
                problems.append(f"weights.{fld}.{lvl} must be a number, not {w!r}")
            else:
                out.setdefault(fld, {})[lvl] = float(w)
    return out, problems


def _check_values(s: Any) -> list[str]:
    """Ranges every setting must respect (types are checked by from_dict)."""
    problems = []
    for name in ("threshold", "merge_probability", "certain", "likely"):
        value = getattr(s, name)
        top = 1.0 if name == "threshold" else math.nextafter(1.0, 0.0)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 < value <= top:
            problems.append(
                f"{name} is a probability above 0 and {'at most 1' if name == 'threshold' else 'below 1'}, not {value!r}"
            )
    if not problems and not s.likely <= s.certain:
        problems.append(f"likely ({s.likely}) must not be above certain ({s.certain})")
    positive = ("em_pairs", "u_pairs", "min_rows", "max_block", "em_iterations", "em_min_rows")
    problems += [
        f"{n} must be a positive whole number, not {getattr(s, n)!r}" for n in positive if not _positive_int(getattr(s, n))
    ]
    for name in ("prior_matches", "prior_pairs", "prior_rows", "tf_pseudo_rows", "duplicates_per_row", "em_trust"):
        value = getattr(s, name)
        if not isinstance(value, int | float) or isinstance(value, bool) or not value > 0:
            problems.append(f"{name} must be a positive number, not {value!r}")
    if not isinstance(s.name_cutoff, int | float) or not 0 <= s.name_cutoff <= 100:
        problems.append(f"name_cutoff is a rapidfuzz ratio from 0 to 100, not {s.name_cutoff!r}")
    if not isinstance(s.region, str) or len(s.region) != 2 or not s.region.isalpha():
        problems.append(f"region is a two-letter country code such as US, GB or AU, not {s.region!r}")
    return problems


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
