"""Formulas with their references moved by a row map, the way Excel rewrites them.

openpyxl's :class:`~openpyxl.formula.tokenizer.Tokenizer` splits the formula; each RANGE
operand (and the reference half of ``A1:INDEX(...)``) is read by :mod:`.refs`; everything
else (strings, numbers, function names, whitespace runs, structured references, names) is
copied through character for character. Tokenizing is cached per distinct formula text, and
the shifted result per (text, host sheet, map), since a sheet repeats the same formulas.
"""

from __future__ import annotations

import re
from functools import lru_cache

from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError

from ...errors import WorkbookError
from .refs import read_operand, shift_pieces, translate_pieces
from .rowmap import RowMap

_WHITESPACE = re.compile(r"[ \n]+")
_EDGE_SPACE = re.compile(r"^(\s*)(.*?)(\s*)$", re.S)


class FormulaError(WorkbookError):
    """A formula in the workbook cannot be read, so its references cannot be moved."""


class _Tokenizer(Tokenizer):
    # the error literals of Excel 365 as well, so a formula that mentions one still parses
    ERROR_CODES = (
        *Tokenizer.ERROR_CODES,
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#UNKNOWN!",
        "#BUSY!",
        "#CONNECT!",
        "#PYTHON!",
    )


_DIGITS = re.compile(r"[0-9]+")


def reference_spans(formula: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every reference-like operand in ``formula`` (which starts with "=").

    Formulas that differ only in their numbers (``=A2*2``, ``=A3*2``...) split the same way:
    the tokenizer never looks at a digit's value, only at whether a number starts with 0, so
    the split is cached per shape (every digit run replaced by one of the same length and
    the same first-digit class)."""
    return _spans_of_shape(_DIGITS.sub(_canonical_digits, formula))


def _canonical_digits(m: re.Match[str]) -> str:
    run = m[0]
    return ("0" if run[0] == "0" else "1") + "0" * (len(run) - 1)


@lru_cache(maxsize=1 << 16)
def _spans_of_shape(formula: str) -> tuple[tuple[int, int], ...]:
    try:
        tokenizer = _Tokenizer(formula)
    except (TokenizerError, IndexError, AssertionError) as exc:
        # the tokenizer signals some malformed input with asserts and an empty-stack pop
        raise FormulaError(
            f"a formula could not be read ({type(exc).__name__})", "open the workbook in Excel and correct the formula"
        ) from None
    if tokenizer.token_stack:
        raise FormulaError("a formula has an unclosed bracket", "open the workbook in Excel and correct the formula")
    spans: list[tuple[int, int]] = []
    pos = 1
    items = tokenizer.items
    for tok in items:
        if tok.type == Token.WSPACE:
            pos = _WHITESPACE.match(formula, pos).end()
            continue
        value = tok.value
        if not formula.startswith(value, pos):
            raise FormulaError(
                "a formula could not be followed token by token", "open the workbook in Excel and correct the formula"
            )
        if tok.type == Token.OPERAND and tok.subtype == Token.RANGE:
            spans.append(_trimmed(value, pos))
        elif tok.type == Token.FUNC and tok.subtype == Token.OPEN and ":" in value:
            # A1:INDEX(...) is one FUNC token for the tokenizer: the part before ':' is a reference
            cut = value.rindex(":")
            spans.append((pos, pos + cut))
        pos += len(value)
    return tuple(spans)


def _trimmed(value: str, pos: int) -> tuple[int, int]:
    lead, core, _ = _EDGE_SPACE.match(value).groups()
    return pos + len(lead), pos + len(lead) + len(core)


def shift_formula(formula: str, host_sheet: str | None, rowmap: RowMap) -> str:
    """``formula`` (with or without the leading "=") with every reference to ``rowmap``'s
    sheet moved as Excel moves it when those rows are deleted/inserted.

    ``host_sheet`` is the sheet the formula lives on (its references without a sheet name
    point there); None for formulas that have no sheet (defined names, chart series).
    A reference whose every row is deleted becomes ``#REF!`` (``Sheet1!#REF!`` when it
    named its sheet), as Excel writes it."""
    if rowmap.is_identity or not formula:
        return formula
    implicit = rowmap.is_sheet(host_sheet)
    if not implicit and not may_name_sheet(formula, rowmap.sheet):
        return formula
    return _shift_cached(formula, host_sheet if implicit else None, rowmap)


def may_name_sheet(formula: str, sheet: str) -> bool:
    """Cheap test before tokenizing: can ``formula`` name ``sheet`` at all?"""
    text = formula.casefold()
    return sheet.casefold() in text or sheet.replace("'", "''").casefold() in text


@lru_cache(maxsize=1 << 16)
def _shift_cached(formula: str, host_sheet: str | None, rowmap: RowMap) -> str:
    return _rewrite(formula, lambda text: _shift_operand(text, host_sheet, rowmap))


@lru_cache(maxsize=1 << 16)
def _shift_operand(text: str, host_sheet: str | None, rowmap: RowMap) -> str | None:
    # operands repeat across distinct formulas ($B$2:$B$9999 in every row's COUNTIF)
    return shift_pieces(read_operand(text), host_sheet, rowmap)


def translate_formula(formula: str, drow: int, dcol: int = 0) -> str:
    """``formula`` as it reads from a cell ``drow`` rows down and ``dcol`` columns right
    (relative references move, absolute ones stay), as Excel copies a formula. A relative
    reference pushed off the sheet becomes ``#REF!``."""
    if not (drow or dcol) or not formula:
        return formula
    return _rewrite(formula, lambda text: translate_pieces(read_operand(text), drow, dcol))


def _rewrite(formula: str, change) -> str:
    bare = not formula.startswith("=")
    text = "=" + formula if bare else formula
    out, last = [], 0
    for start, end in reference_spans(text):
        new = change(text[start:end])
        if new is not None:
            out.append(text[last:start])
            out.append(new)
            last = end
    if not out:
        return formula
    out.append(text[last:])
    result = "".join(out)
    return result[1:] if bare else result
