"""Done when (issue 12): on the demo workbook with the future answers moved into the notes,
extract + accept reproduces the future columns, and views, follow-ups and matches are the
same as with the columns filled."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from talentsheet.cli.match_cmds import DEMO_OPENING
from talentsheet.extract_sheet import extract_workbook
from talentsheet.match import MatchSettings, match
from talentsheet.places import parse_locations
from talentsheet.sample import DEMO_HEADER_ROW, DEMO_HEADERS, TODAY
from talentsheet.titles import parse_title
from talentsheet.views.filters import build_views, prepare
from talentsheet.workbook.reader import read_candidates

FUTURE = ("future_title", "future_location", "open_to_remote", "follow_up_on")
SAYS_REMOTE = {
    "Yes": "open to remote",
    "No": "no remote",
    "Remote only": "remote only",
    "Hybrid": "prefers hybrid",
    "Relocate": "willing to relocate",
}
WISHES = (
    "Said if I call in future -> {title}, {place}",
    "not looking now; future: {title} in {place}",
    "wants {title} in {place}",
    "would consider {title} roles in {place}",
)
CALL_BACKS = ("call back on {d:%Y-%m-%d}", "f/u {d.day} {d:%b %Y}", "ping {d.month}/{d.day}/{d.year}")


def _said(k: int, title: str | None, place: str | None, remote: str | None, follow: date | None) -> list[str]:
    out = []
    spoken = (place or "").replace("; Remote", " or remote")
    if title and place and place != "Remote":
        out.append(WISHES[k % len(WISHES)].format(title=title, place=spoken))
    elif title:
        out.append(f"next role: {title}")
    if place and (place == "Remote" or not title):
        out.append(f"future location: {spoken}")
    if remote:
        out.append(SAYS_REMOTE[remote])
    if follow:
        out.append(CALL_BACKS[k % len(CALL_BACKS)].format(d=follow))
    return out


def move_answers_into_notes(path: Path) -> None:
    wb = load_workbook(path)
    ws = wb["Candidates"]
    col = {f: list(DEMO_HEADERS).index(f) + 1 for f in (*FUTURE, "notes")}
    for k, r in enumerate(range(DEMO_HEADER_ROW + 1, ws.max_row + 1)):
        values = [ws.cell(r, col[f]).value for f in FUTURE]
        follow = values[3].date() if isinstance(values[3], datetime) else values[3]
        said = _said(k, *values[:3], follow)
        if said:
            old = ws.cell(r, col["notes"]).value
            ws.cell(r, col["notes"]).value = "; ".join([*([old] if old else []), *said])
            ws.cell(r, col["notes"]).data_type = "s"
        for f in FUTURE:
            ws.cell(r, col[f]).value = None
    wb.save(path)


def _meaning(field: str, v):
    if v is None or v == "":
        return None
    if field == "future_title":
        t = parse_title(v)
        return (t.family, t.seniority)
    if field == "future_location":
        return frozenset((p.city, p.region, p.country, p.remote) for p in parse_locations(v))
    return v.date() if isinstance(v, datetime) else v


def _remote_from_places(df: pd.DataFrame) -> pd.DataFrame:
    """A future location that names Remote says open to remote: the same to every view and
    match, whether the Open to remote cell repeats it or not."""
    says = df["future_location"].fillna("").astype(str).str.contains("Remote") & df["open_to_remote"].isna()
    return df.assign(open_to_remote=df["open_to_remote"].where(~says, "Yes"))


def _view_rows(df: pd.DataFrame) -> dict[str, list]:
    views = build_views(df, features=prepare(df), today=TODAY)
    by = {v.name: v.people for v in views}
    return {
        "location": sorted(zip(by["Future by location"].index, by["Future by location"]["Wants to work in"], strict=True)),
        "title": sorted(
            zip(
                by["Future by title"].index,
                by["Future by title"]["Role family"],
                by["Future by title"]["Title wanted"],
                strict=True,
            )
        ),
        "follow-ups": sorted(zip(by["Follow-ups due"].index, by["Follow-ups due"]["Due"], strict=True)),
    }


def test_extract_and_accept_reproduce_the_future_columns(demo_book):
    path, _ = demo_book
    filled = read_candidates(path).df
    move_answers_into_notes(path)
    assert read_candidates(path).df[list(FUTURE)].isna().all().all()
    extract_workbook(path, accept="all", backup=False)
    got = read_candidates(path).df
    typed = filled  # views and matches are compared with the columns exactly as typed
    filled, got = _remote_from_places(filled), _remote_from_places(got)
    for f in FUTURE:
        want = [_meaning(f, v) for v in filled[f]]
        have = [_meaning(f, v) for v in got[f]]
        wrong = [
            (row, a, b) for row, a, b in zip(filled.index, filled[f], got[f], strict=True) if _meaning(f, a) != _meaning(f, b)
        ]
        assert want == have, f"{f}: {wrong[:5]}"
    got = read_candidates(path).df
    assert _view_rows(got) == _view_rows(typed)
    settings = MatchSettings(today=TODAY)
    ranked = [match(df, DEMO_OPENING, top=25, settings=settings)[["row", "score"]] for df in (typed, got)]
    pd.testing.assert_frame_equal(ranked[0], ranked[1])
