"""Every write command end to end, as a recruiter runs it, against the floors measured in the same run.

Builds a realistic candidate workbook per size (talentsheet.sample's candidates with 3 %
planted duplicates and 5 % typical mistakes; a title row above the header, an Excel Table
over the candidates, formulas, notes, a data validation, conditional formatting; a second
sheet whose formulas and chart read the candidates). Then, each case in a fresh process:

* floors on the same file: python-calamine's read of the Candidates sheet, openpyxl
  read-only's read of it, plain openpyxl load + save;
* library time: the command's own computation called in-process on the same file after the
  read (validate_table, find_duplicates, build_views, match...), labelled "library";
* every write command through the real CLI (``.venv/bin/talentsheet ...`` as a subprocess) on
  a FRESH COPY of its input each run: wall time (median of --repeat; the targets apply to
  it), the child's own CPU time (user + sys, steadier than wall on a shared box), peak memory
  of the child (its own ru_maxrss, from wait4), exit code.

Inputs that need an earlier step are made once, untimed, with the CLI itself: ``undo-fix``
runs on the output of ``validate --fix``; ``merge`` on the output of ``dedupe`` with every
third group set to Merge? = No (patched in the sheet XML, so it works whatever wrote the
Duplicates sheet); ``unmerge --all`` on the output of ``merge``; ``match`` on a workbook with
an opening added by ``add-opening`` (or, in builds without that command, with ``--title``).

The targets (issue 14) are the TARGETS table below, checked in the PASS/FAIL column.

    .venv/bin/python benchmarks/bench_commands.py [--rows 10000 100000] [--repeat 3]
        [--only dedupe match ...] [--million] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

TODAY = "2026-11-25"
CLI = str(Path(sys.executable).with_name("talentsheet"))
OPENING = {"title": "Senior Data Engineer", "location": "Austin, TX"}


@dataclass(frozen=True)
class Target:
    """Pass when the CLI's median is at most ``factor`` x ``floor`` (+ library time if ``plus_library``)."""

    floor: str  # "calamine" or "openpyxl_ro"
    factor: float
    plus_library: bool = False


# issue 14, "Measure": at 100k rows (and above) these ratios; at 10k rows every command < 3 s;
# 1M-row dedupe end to end < 2 min and < 4 GB
TARGETS: dict[str, Target] = {
    "dedupe": Target("openpyxl_ro", 1.25),
    "match": Target("calamine", 2.0),
}
DEFAULT_TARGET = Target("calamine", 3.0, plus_library=True)
SMALL_ROWS, SMALL_LIMIT_S = 10_000, 3.0
MILLION_LIMITS = {"dedupe": (120.0, 4096.0)}  # seconds, MB

# command -> (input state, CLI arguments after the file)
COMMANDS: dict[str, tuple[str, list[str]]] = {
    "validate --fix": ("base", ["--fix", "--today", TODAY]),
    "validate": ("base", ["--today", TODAY]),
    "undo-fix": ("fixed", []),
    "dedupe": ("base", []),
    "merge": ("deduped", []),
    "merge --auto": ("base", ["--auto"]),
    "unmerge --all": ("merged", ["--all"]),
    "check-new": ("base", ["--rows", "{new_rows}"]),
    "views": ("base", ["--today", TODAY]),
    "followups": ("base", ["--today", TODAY]),
    "add-opening": ("base", ["--title", OPENING["title"], "--location", OPENING["location"]]),
    "match": ("opened", ["--opening", "2"]),
}
MILLION_COMMANDS = ("dedupe", "match")


# --- the workbook -------------------------------------------------------------------------------


def candidates_frame(rows: int, seed: int):
    """Synthetic candidates with planted duplicates (3 %) and mistakes (5 %)."""
    from talentsheet.sample import fake_candidates

    df = fake_candidates(rows, seed=seed)
    rng = random.Random(seed)
    for i in rng.sample(range(rows), rows * 3 // 100):  # the same person entered again, a little differently
        j = rng.randrange(rows)
        df.loc[j, ["first_name", "last_name", "email", "linkedin", "location"]] = df.loc[
            i, ["first_name", "last_name", "email", "linkedin", "location"]
        ].to_numpy()
        df.at[j, "first_name"] = str(df.at[j, "first_name"]).upper()
    spoil = [
        ("email", lambda v: v.replace("@example.com", "@gmial.com")),
        ("phone", lambda v: "555-12"),
        ("status", lambda v: "maybe later"),
        ("linkedin", lambda v: v.replace("https://www.", "uk.") + "?trk=public_profile"),
        ("location", lambda v: v.lower().replace(",", "")),
    ]
    for i in rng.sample(range(rows), rows // 20):
        field, fn = rng.choice(spoil)
        if df.at[i, field]:
            df.at[i, field] = fn(df.at[i, field])
    return df


def build_workbook(rows: int, path: Path, seed: int = 11) -> Path:
    """The realistic workbook (openpyxl write-only, so 1M rows stay within memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

    from talentsheet.schema import TEMPLATE_HEADERS

    df = candidates_frame(rows, seed)
    headers = [TEMPLATE_HEADERS.get(c, c) for c in df.columns]
    last_col = get_column_letter(len(headers))
    first, last = 3, rows + 2
    status = get_column_letter(list(df.columns).index("status") + 1)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Candidates")
    ws.freeze_panes = "C3"
    ws.append([f"Candidate network, {rows:,} people"])
    header_cells = []
    for i, h in enumerate(headers):
        cell = WriteOnlyCell(ws, h)
        if i == 0:
            cell.comment = Comment("Filled by the team; one row per person", "Dana")
        header_cells.append(cell)
    ws.append(header_cells)
    for row in df.itertuples(index=False):
        ws.append([None if v == "" or v is None or v != v else v for v in row])
    table = Table(displayName="Candidates", ref=f"A2:{last_col}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, 1)]
    ws.add_table(table)
    dv = DataValidation(type="list", formula1='"New,Interested,Not now,Placed,Do not contact"', allow_blank=True)
    dv.add(f"{status}{first}:{status}{last}")
    ws.data_validations.append(dv)
    fill = PatternFill(start_color="FFF4CCCC", end_color="FFF4CCCC", fill_type="solid")
    ws.conditional_formatting.add(
        f"{status}{first}:{status}{last}", CellIsRule(operator="equal", formula=['"Do not contact"'], fill=fill)
    )
    dash = wb.create_sheet("Dashboard")
    dash.append(["Status", "People"])
    for s in ["New", "Interested", "Not now", "Placed"]:
        dash.append([s, f'=COUNTIF(Candidates!${status}${first}:${status}${last},"{s}")'])
    dash.append(["Everyone", f"=COUNTA(Candidates!$A${first}:$A${last})"])
    chart = BarChart()
    chart.title = "Candidates by status"
    chart.add_data(Reference(dash, min_col=2, min_row=1, max_row=5), titles_from_data=True)
    chart.set_categories(Reference(dash, min_col=1, min_row=2, max_row=5))
    dash.add_chart(chart, "D2")
    wb.save(path)
    return path


# --- package-level edit: the recruiter's review decisions -------------------------------------------


def _cell_text(cell: str, strings: list[str]) -> str | None:
    v = re.search(r"<v>(.*?)</v>", cell, re.S)
    if 't="s"' in cell and v:
        return strings[int(v[1])]
    t = re.search(r"<t[^>]*>(.*?)</t>", cell, re.S)
    return t[1] if t else (v[1] if v else None)


def set_merge_decisions(path: Path, every: int = 3) -> int:
    """Set Merge? to No in every ``every``-th group of the Duplicates sheet, in the sheet XML
    itself (inline string), keeping the cell's style; return how many cells changed."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    wbxml, rels = parts["xl/workbook.xml"].decode(), parts["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(r'<sheet [^>]*name="Duplicates"[^>]*r:id="(rId\d+)"|<sheet [^>]*r:id="(rId\d+)"[^>]*name="Duplicates"', wbxml)
    rid = rid[1] or rid[2]
    target = re.search(
        rf'<Relationship[^>]*Id="{rid}"[^>]*Target="([^"]+)"|<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels
    )
    name = (target[1] or target[2]).lstrip("/")
    name = name if name.startswith("xl/") else "xl/" + name
    sst = parts.get("xl/sharedStrings.xml", b"").decode()
    strings = [re.sub(r"<[^>]+>", "", si) for si in re.findall(r"<si>(.*?)</si>", sst, re.S)]
    xml = parts[name].decode()
    groups: dict[str, str] = {}
    for m in re.finditer(r'<c r="A(\d+)"[^>]*?(?:/>|>.*?</c>)', xml, re.S):
        groups[m[1]] = _cell_text(m[0], strings) or ""
    changed = 0

    def patch(m: re.Match) -> str:
        nonlocal changed
        row, cell = m[1], m[0]
        group = groups.get(row, "")
        if row == "1" or _cell_text(cell, strings) != "Yes" or not group.isdigit() or int(group) % every:
            return cell
        changed += 1
        style = re.search(r' s="(\d+)"', cell)
        return f'<c r="B{row}"{style[0] if style else ""} t="inlineStr"><is><t>No</t></is></c>'

    parts[name] = re.sub(r'<c r="B(\d+)"[^>]*?(?:/>|>.*?</c>)', patch, xml, flags=re.S).encode()
    tmp = path.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    tmp.replace(path)
    return changed


# --- measuring ------------------------------------------------------------------------------------


# As a user's machine runs it: Python keeps compiled modules (some shells here set
# PYTHONDONTWRITEBYTECODE, which would recompile talentsheet on every start: ~0.4 s each run).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"COLUMNS": "200"}


def run_measured(args: list[str], cwd: Path | None = None) -> dict:
    """Run a fresh process; its wall seconds, own peak RSS (MB), exit code and last stderr line."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=out, stderr=err, text=True, cwd=cwd, env=CHILD_ENV)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        err.seek(0), out.seek(0)
        lines = [line for line in err.read().splitlines() if line.strip()]
        return {
            "seconds": seconds,
            "peak_mb": usage.ru_maxrss / 1024,
            "cpu_seconds": usage.ru_utime + usage.ru_stime,  # the child's own CPU time: steadier than wall on a busy box
            "exit": os.waitstatus_to_exitcode(status),
            "message": lines[-1][:160] if lines else "",
            "stdout": out.read(),
        }


FLOORS = {
    "calamine": "import python_calamine as pc\nt0 = time.perf_counter(); c0 = time.process_time()\nn = len(pc.CalamineWorkbook.from_path(PATH).get_sheet_by_name('Candidates').to_python())",
    "openpyxl_ro": "import openpyxl\nt0 = time.perf_counter(); c0 = time.process_time()\nwb = openpyxl.load_workbook(PATH, read_only=True, data_only=True)\nn = sum(1 for _ in wb['Candidates'].iter_rows(values_only=True))",
    "openpyxl_load_save": "import openpyxl\nt0 = time.perf_counter(); c0 = time.process_time()\nopenpyxl.load_workbook(PATH).save(PATH + '.out.xlsx')\nn = 0",
}

# command -> in-process code timing the library work after the read (None: the command has none)
LIBRARY = {
    "validate": "from talentsheet.validate import validate_table\nt0 = time.perf_counter(); c0 = time.process_time()\nvalidate_table(table, today=TODAY)",
    "dedupe": "from talentsheet.dedupe.pipeline import find_duplicates\nt0 = time.perf_counter(); c0 = time.process_time()\nfind_duplicates(table.df)",
    "check-new": (
        "from talentsheet.dedupe.review import check_new\nfrom talentsheet.workbook.reader import read_candidates\n"
        "r0, q0 = time.perf_counter(), time.process_time(); read_candidates(PATH)\n"
        "read_s, read_cpu = time.perf_counter() - r0, time.process_time() - q0\n"
        "t0, c0 = time.perf_counter() + read_s, time.process_time() + read_cpu\ncheck_new(PATH, rows=ROWS)"
    ),
    "views": "from talentsheet.views.filters import build_views\nt0 = time.perf_counter(); c0 = time.process_time()\nbuild_views(table.df, today=TODAY)",
    "match": "from talentsheet.match import match\nfrom talentsheet.openings import Opening\nt0 = time.perf_counter(); c0 = time.process_time()\nmatch(table.df, Opening(**OPENING))",
}
LIBRARY_OF = {"validate --fix": "validate", "followups": "views"}

CHILD = """
import json, sys, time
from datetime import date
PATH, ROWS, TODAY, OPENING = sys.argv[1], tuple(json.loads(sys.argv[3])), date.fromisoformat({today!r}), {opening!r}
code = sys.argv[2]
if 'table' in code:
    from talentsheet.workbook.reader import read_candidates
    table = read_candidates(PATH)
exec(code)
print(json.dumps({{'seconds': time.perf_counter() - t0, 'cpu_seconds': time.process_time() - c0}}))
"""


def in_child(code: str, path: Path, rows: tuple[int, int]) -> dict:
    work = path.with_name(path.stem + ".floor.xlsx")
    shutil.copy(path, work)
    script = CHILD.format(today=TODAY, opening=OPENING)
    result = run_measured([sys.executable, "-c", script, str(work), code, json.dumps(rows)])
    if result["exit"]:
        return {"error": result["message"]}
    return {**json.loads(result["stdout"].strip().splitlines()[-1]), "peak_mb": result["peak_mb"]}


def cli_has(command: str) -> bool:
    return run_measured([CLI, command, "--help"])["exit"] == 0


def cli_run(command: str, source: Path, work_dir: Path, new_rows: str) -> dict:
    """One CLI run on a fresh copy of ``source``."""
    work = work_dir / f"run-{time.perf_counter_ns()}{source.suffix}"
    shutil.copy(source, work)
    name = command.split()[0]
    args = [a.format(new_rows=new_rows) for a in COMMANDS[command][1]]
    result = run_measured([CLI, name, str(work), *args], cwd=work_dir)
    for leftover in work_dir.glob(f"{work.stem}*"):
        leftover.unlink()
    return result


def prepare_inputs(base: Path, folder: Path, has_add_opening: bool, need: set[str]) -> dict[str, Path]:
    """The inputs of the commands that need an earlier step (made with the CLI, untimed)."""
    states = {"base": base}
    need = need | ({"deduped"} if "merged" in need else set())

    def step(name: str, source: Path, args: list[str]) -> None:
        out = folder / f"{name}.xlsx"
        shutil.copy(source, out)
        result = run_measured([CLI, *args[:1], str(out), *args[1:], "--no-backup"], cwd=folder)
        if result["exit"] in (0, 1, 2) and not result["message"].startswith("Error"):
            states[name] = out
        else:
            print(f"  (could not prepare {name}: exit {result['exit']}: {result['message']})", file=sys.stderr)

    if "fixed" in need:
        step("fixed", base, ["validate", "--fix", "--today", TODAY])
    if "deduped" in need:
        step("deduped", base, ["dedupe"])
    if "deduped" in states:
        try:
            changed = set_merge_decisions(states["deduped"])
            print(f"  Duplicates sheet: {changed} groups set to Merge? = No (every third)", file=sys.stderr)
        except (KeyError, TypeError) as exc:
            print(f"  (no Duplicates sheet to set decisions in: {exc})", file=sys.stderr)
        if "merged" in need:
            step("merged", states["deduped"], ["merge"])
    if has_add_opening and "opened" in need:
        step("opened", base, ["add-opening", "--title", OPENING["title"], "--location", OPENING["location"]])
    return states


def limit_for(command: str, rows: int, floors: dict[str, float], library: float | None) -> tuple[float | None, str]:
    """The time a command may take here, and how it was derived."""
    if rows >= 1_000_000 and command in MILLION_LIMITS:
        return MILLION_LIMITS[command][0], f"< {MILLION_LIMITS[command][0]:.0f} s"
    if rows <= SMALL_ROWS:
        return SMALL_LIMIT_S, f"< {SMALL_LIMIT_S:.0f} s"
    target = TARGETS.get(command.split()[0], DEFAULT_TARGET)
    floor = floors.get(target.floor)
    if floor is None:
        return None, "floor missing"
    limit = target.factor * floor + ((library or 0.0) if target.plus_library else 0.0)
    rule = f"{target.factor:g}x {target.floor}" + (" + library" if target.plus_library else "")
    return limit, rule


def fmt(v: float | None, spec: str = ".2f") -> str:
    return "n/a" if v is None else format(v, spec)


def bench_size(rows: int, args, folder: Path) -> None:
    cache = Path(args.cache) if args.cache else folder
    cache.mkdir(parents=True, exist_ok=True)
    base = cache / f"bench-commands-{rows}.xlsx"
    if not base.exists():  # in a child, so this process stays small (a child's peak RSS counts its fork of us)
        t = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--build", str(rows), str(base)], check=True)
        print(f"built {base.name} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    commands = [c for c in COMMANDS if not args.only or c in args.only or c.split()[0] in args.only]
    if rows >= 1_000_000:
        commands = [c for c in commands if c in MILLION_COMMANDS]
    has_add_opening = cli_has("add-opening")
    need = {COMMANDS[c][0] for c in commands}
    states = prepare_inputs(base, folder, has_add_opening, need) if need - {"base"} else {"base": base}
    match_by_title = "opened" not in states
    if match_by_title:  # no add-opening command, or it took other options: rank for the opening given inline
        COMMANDS["match"] = ("base", ["--title", OPENING["title"], "--location", OPENING["location"]])
    new_rows = f"{rows - 47}-{rows + 2}"
    check_rows = (rows - 47, rows + 2)
    floors, floor_mb, floor_cpu = {}, {}, {}
    for name, code in FLOORS.items():
        if name == "openpyxl_load_save" and args.skip_load_save:
            continue
        runs = [in_child(code, base, check_rows) for _ in range(args.floor_repeat)]
        ok = [r for r in runs if "error" not in r]
        floors[name] = statistics.median(r["seconds"] for r in ok) if ok else None
        floor_mb[name] = statistics.median(r["peak_mb"] for r in ok) if ok else None
        floor_cpu[name] = statistics.median(r["cpu_seconds"] for r in ok) if ok else None
    print(
        f"\n{rows:,} rows ({base.stat().st_size / 2**20:.1f} MB file); medians of {args.repeat} CLI runs, {args.floor_repeat} floor runs; busy shared 2-core box\n"
    )
    print(f"| {'floor (same file, fresh process)':<40} | {'seconds':>8} | {'cpu s':>7} | {'peak MB':>8} |")
    print(f"|{'-' * 42}|{'-' * 9}:|{'-' * 8}:|{'-' * 9}:|")
    labels = {
        "calamine": "python-calamine read (Candidates)",
        "openpyxl_ro": "openpyxl read-only read (Candidates)",
        "openpyxl_load_save": "openpyxl load + save (whole workbook)",
    }
    for name in floors:
        print(f"| {labels[name]:<40} | {fmt(floors[name]):>8} | {fmt(floor_cpu[name]):>7} | {fmt(floor_mb[name], '.0f'):>8} |")
    print()
    head = f"| {'command (real CLI, fresh copy)':<30} | {'median s':>8} | {'cpu s':>6} | {'peak MB':>7} | {'library s':>9} | {'lib cpu':>7} | {'/calamine':>9} | {'/openpyxl-ro':>12} | {'target':<24} | {'limit s':>7} | result |"
    print(head)
    print("|" + "|".join("-" * (len(c) + 0) for c in head.split("|")[1:-1]) + "|")
    for command in commands:
        state, _ = COMMANDS[command]
        if command == "add-opening" and not has_add_opening:
            print(
                f"| {command:<30} | {'':>8} | {'':>6} | {'':>7} | {'':>9} | {'':>7} | {'':>9} | {'':>12} | {'':<24} | {'':>7} | not in this build |"
            )
            continue
        if state not in states:
            print(f"| {command:<30} | input '{state}' could not be made |")
            continue
        lib_key = LIBRARY_OF.get(command, command.split()[0] if command.split()[0] in LIBRARY else None)
        library = library_cpu = None
        if lib_key:
            lib_runs = [in_child(LIBRARY[lib_key], states[state], check_rows) for _ in range(args.floor_repeat)]
            ok = [r for r in lib_runs if "seconds" in r]
            library = statistics.median(r["seconds"] for r in ok) if ok else None
            library_cpu = statistics.median(r["cpu_seconds"] for r in ok) if ok else None
        runs = [cli_run(command, states[state], folder, new_rows) for _ in range(args.repeat)]
        failed = [r for r in runs if r["exit"] not in (0, 1, 2)]
        median = statistics.median(r["seconds"] for r in runs)
        peak = statistics.median(r["peak_mb"] for r in runs)
        cpu = statistics.median(r["cpu_seconds"] for r in runs)
        limit, rule = limit_for(command, rows, floors, library)
        verdict = "PASS" if limit is not None and median <= limit else "FAIL"
        if rows >= 1_000_000 and command in MILLION_LIMITS and peak > MILLION_LIMITS[command][1]:
            verdict = "FAIL (memory)"
        if failed:
            verdict = f"FAIL: exit {failed[0]['exit']}: {failed[0]['message']}"
        label = "match (--title)" if command == "match" and match_by_title else command
        cal, ro = floors.get("calamine"), floors.get("openpyxl_ro")
        print(
            f"| {label:<30} | {median:>8.2f} | {cpu:>6.2f} | {peak:>7.0f} | {fmt(library) if lib_key else 'none':>9} | {fmt(library_cpu) if lib_key else '':>7} | "
            f"{fmt(median / cal if cal else None, '.1f') + 'x':>9} | {fmt(median / ro if ro else None, '.2f') + 'x':>12} | "
            f"{rule:<24} | {fmt(limit, '.1f'):>7} | {verdict} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="CLI runs per command (median shown)")
    parser.add_argument("--floor-repeat", type=int, default=3, help="runs of each floor and library measurement")
    parser.add_argument("--only", nargs="+", help="commands to run, e.g. --only dedupe match 'validate --fix'")
    parser.add_argument("--million", action="store_true", help="also run dedupe and match at 1,000,000 rows")
    parser.add_argument("--skip-load-save", action="store_true", help="leave out the openpyxl load + save floor")
    parser.add_argument("--cache", help="keep the generated workbooks in this folder (reused when present)")
    parser.add_argument("--build", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build_workbook(int(args.build[0]), Path(args.build[1]))
        return
    sizes = list(args.rows) + ([1_000_000] if args.million else [])
    print(f"talentsheet CLI: {CLI}; today pinned to {TODAY}; {date.today()}")
    warm = "import talentsheet.cli, talentsheet.validate, talentsheet.dedupe.pipeline, talentsheet.matches; "
    warm += "from talentsheet import places; places._cities()"  # compiled modules and the gazetteer cache, as after a first run
    subprocess.run([sys.executable, "-c", warm], check=True, env=CHILD_ENV)
    for rows in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-commands-") as tmp:
            bench_size(rows, args, Path(tmp))


if __name__ == "__main__":
    main()
