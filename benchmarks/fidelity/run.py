"""Run every write command over the fidelity corpus and classify what each one did to each file.

For each Excel-made workbook (see corpus.py) a Candidates sheet is added AT THE PACKAGE LEVEL:
a new worksheet part (inline strings, so the shared strings stay as Excel wrote them), its
relationship, its content-type override and its <sheet> entry in workbook.xml; nothing else
is touched. Then every write command runs through the real CLI on a copy, in place, as a
recruiter runs it, and the result is classified against its input:

* identical - every part not expected to change is byte-identical (decompressed bytes);
* changed   - some such part differs or was renamed (listed in the JSON);
* lost      - the feature census (tests/ooxml_census.py) counts fewer of something;
* refused   - the command stopped with an error (exit code and message kept);
* crashed   - a traceback instead of an error message (a bug: the last line is kept).

Parts watched are those of the workbook as it came (plus the added sheet), so talentsheet's
own sheets written by an earlier step may change. Parts expected to change: content types, workbook.xml and its rels, styles, shared strings,
docProps, calcChain, the Candidates sheet and its own parts, and parts the command adds.
Commands that need an earlier step run on that step's output (undo-fix after validate --fix,
merge after dedupe, unmerge --all after merge).

    .venv/bin/python benchmarks/fidelity/run.py --cache DIR --out results/ [--limit 160] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

from corpus import cached, read_manifest  # noqa: E402

from tests.ooxml_census import feature_census, lost_features, part_digests, part_name, present_features  # noqa: E402

CLI = str(Path(sys.executable).with_name("talentsheet"))
TODAY = "2026-11-25"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# command -> (input step, CLI arguments after the file)
COMMANDS: dict[str, tuple[str, list[str]]] = {
    "validate --fix": ("base", ["--fix", "--today", TODAY]),
    "validate": ("base", ["--today", TODAY]),
    "undo-fix": ("validate --fix", []),
    "dedupe": ("base", []),
    "merge": ("dedupe", []),
    "merge --auto": ("base", ["--auto"]),
    "unmerge --all": ("merge", ["--all"]),
    "check-new": ("base", ["--rows", "20-32"]),
    "views": ("base", ["--today", TODAY]),
    "followups": ("base", ["--today", TODAY]),
    "match": ("base", ["--title", "Senior Data Engineer", "--location", "Austin, TX"]),
}
VOLATILE = re.compile(
    r"^(\[Content_Types\]\.xml|xl/workbook\.xml|xl/_rels/workbook\.xml\.rels|xl/styles\.xml|xl/sharedStrings\.xml|docProps/.*|xl/calcChain\.xml)$"
)
CLASSES = ["identical", "changed", "lost", "refused", "crashed", "skipped"]


# --- the Candidates sheet, written as a part ---------------------------------------------------


def candidate_rows(n: int = 30, seed: int = 5) -> list[list[str]]:
    """Header + rows from talentsheet.sample, with 3 people entered twice and a few mistakes."""
    from talentsheet.sample import fake_candidates
    from talentsheet.schema import TEMPLATE_HEADERS

    df = fake_candidates(n, seed=seed)
    for src, dst in [(1, 20), (4, 25), (7, 29)]:
        for col in ("first_name", "last_name", "email", "linkedin", "location"):
            df.at[dst, col] = df.at[src, col]
    df.at[3, "email"] = str(df.at[3, "email"]).replace("@example.com", "@gmial.com")
    df.at[5, "last_name"] = str(df.at[5, "last_name"]).upper()
    df.at[8, "phone"] = "555-12"
    rows = [[TEMPLATE_HEADERS.get(c, c) for c in df.columns]]
    for rec in df.itertuples(index=False):
        rows.append(["" if v is None or v != v else (v.isoformat() if hasattr(v, "isoformat") else str(v)) for v in rec])
    return rows


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_xml(rows: list[list[str]]) -> bytes:
    body = []
    for r, row in enumerate(rows, 1):
        cells = "".join(
            f'<c r="{_col(c)}{r}" t="inlineStr"><is><t xml:space="preserve">{escape(v)}</t></is></c>'
            for c, v in enumerate(row, 1)
            if v != ""
        )
        body.append(f'<row r="{r}">{cells}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:{_col(len(rows[0]))}{len(rows)}"/><sheetData>{"".join(body)}</sheetData>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
    ).encode()


class NotAddable(Exception):
    """The package cannot take a Candidates sheet as it is (strict OOXML, name taken...)."""


def add_candidates_sheet(src: Path, dst: Path, rows: list[list[str]]) -> str:
    """Copy ``src`` to ``dst`` with a Candidates sheet added at the package level; return its part name.
    Every other zip member is copied as it is (same compressed bytes)."""
    with zipfile.ZipFile(src) as z:
        names = z.namelist()
        root_rels = z.read("_rels/.rels").decode("utf-8")
        m = re.search(r'<Relationship[^>]*officeDocument"[^>]*>', root_rels) or re.search(
            r'<Relationship[^>]*Type="[^"]*/officeDocument"[^>]*>', root_rels
        )
        if not m:
            raise NotAddable("no officeDocument relationship (strict OOXML or not a workbook)")
        wb_part = part_name("", re.search(r'Target="([^"]+)"', m[0])[1])
        wb_rels_part = wb_part.rpartition("/")[0] + "/_rels/" + wb_part.rpartition("/")[2] + ".rels"
        wb = z.read(wb_part).decode("utf-8")
        rels = z.read(wb_rels_part).decode("utf-8")
        types = z.read("[Content_Types].xml").decode("utf-8")
        if "purl.oclc.org/ooxml" in wb:
            raise NotAddable("strict OOXML")
        if re.search(r'<(\w+:)?sheet [^>]*name="Candidates"', wb):
            raise NotAddable("a sheet named Candidates exists")
        n = 1
        while f"{wb_part.rpartition('/')[0]}/worksheets/sheet{n}.xml" in names:
            n += 1
        sheet_part = f"{wb_part.rpartition('/')[0]}/worksheets/sheet{n}.xml"
        rid = 1
        while f'Id="rId{rid}"' in rels:
            rid += 1
        rels = re.sub(
            r"(</(\w+:)?Relationships>)",
            f'<Relationship Id="rId{rid}" Type="{NS_R}/worksheet" Target="worksheets/sheet{n}.xml"/>\\1',
            rels,
            count=1,
        )
        ids = [int(x) for x in re.findall(r'<(?:\w+:)?sheet [^>]*sheetId="(\d+)"', wb)]
        sheets = re.search(r"<(\w+:)?sheets>", wb)
        if not sheets:
            raise NotAddable("workbook.xml has no <sheets>")
        prefix = sheets[1] or ""
        entry = f'<{prefix}sheet xmlns:r="{NS_R}" name="Candidates" sheetId="{max(ids, default=0) + 1}" r:id="rId{rid}"/>'
        wb = re.sub(rf"(</{prefix}sheets>)", entry + r"\1", wb, count=1)
        types = re.sub(
            r"(</(\w+:)?Types>)", f'<Override PartName="/{sheet_part}" ContentType="{WORKSHEET_CT}"/>\\1', types, count=1
        )
        changed = {wb_part: wb.encode(), wb_rels_part: rels.encode(), "[Content_Types].xml": types.encode()}
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
            for info in z.infolist():
                if info.filename in changed:
                    out.writestr(info.filename, changed[info.filename])
                else:
                    out.writestr(info, z.read(info))
            out.writestr(sheet_part, sheet_xml(rows))
    return sheet_part


# --- running and classifying ------------------------------------------------------------------


def own_parts(path: Path, sheet_part: str) -> set[str]:
    """The Candidates sheet part, its rels and every part it relates to (its comments, drawings...)."""
    out = {sheet_part}
    rels_name = sheet_part.rpartition("/")[0] + "/_rels/" + sheet_part.rpartition("/")[2] + ".rels"
    with zipfile.ZipFile(path) as z:
        if rels_name in z.namelist():
            out.add(rels_name)
            for target in re.findall(r'Target="([^"]+)"', z.read(rels_name).decode("utf-8", "replace")):
                out.add(part_name(sheet_part, target))
    return out


def run_cli(command: str, work: Path) -> dict:
    name = command.split()[0]
    start = time.perf_counter()
    done = subprocess.run(
        [CLI, name, str(work), *COMMANDS[command][1]],
        capture_output=True,
        text=True,
        cwd=work.parent,
        env={**os.environ, "COLUMNS": "200"},
        timeout=600,
    )
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    error = next((line for line in lines if line.startswith("Error:")), "")
    return {
        "exit": done.returncode,
        "seconds": round(time.perf_counter() - start, 2),
        "traceback": "Traceback (most recent call last)" in done.stderr,
        "message": (error or (lines[-1] if lines else ""))[:400],
        "error": bool(error),
    }


def classify(before: Path, after: Path, sheet_part: str, run: dict, original: set[str]) -> dict:
    if run["traceback"]:
        return {"class": "crashed", **run}
    if run["error"] or run["exit"] not in (0, 1, 2):
        return {"class": "refused", **run}
    b, a = part_digests(before), part_digests(after)
    mine = own_parts(before, sheet_part) | own_parts(after, sheet_part)
    watched = {n for n in b if n in original and not VOLATILE.match(n) and n not in mine}  # not talentsheet's own sheets
    changed = sorted(n for n in watched if n in a and a[n] != b[n])
    missing = sorted(n for n in watched if n not in a)
    renamed = sorted(n for n in missing if b[n] in set(a.values()))
    lost = lost_features(feature_census(before), feature_census(after))
    result = {
        **run,
        "changed_parts": changed,
        "missing_parts": missing,
        "renamed_parts": renamed,
        "new_parts": sorted(set(a) - set(b)),
        "lost": lost,
    }
    if lost:
        return {"class": "lost", **result}
    if changed or missing:
        return {"class": "changed", **result}
    return {"class": "identical", **result}


def run_file(entry, path: Path, rows: list[list[str]], out_dir: Path, commands: list[str]) -> dict:
    record = {"repo": entry.repo, "commit": entry.commit, "path": entry.path, "licence": entry.licence, "commands": {}}
    with tempfile.TemporaryDirectory(prefix="fidelity-") as tmp:
        tmp = Path(tmp)
        base = tmp / ("base" + path.suffix.lower())
        try:
            sheet_part = add_candidates_sheet(path, base, rows)
        except (NotAddable, KeyError, zipfile.BadZipFile) as exc:
            record["not_run"] = f"{type(exc).__name__}: {exc}"
            return record
        census = feature_census(base)
        original = set(part_digests(base))
        record["features"] = sorted(present_features(census))
        record["census"] = census
        outputs = {"base": base}
        for command in commands:
            step = COMMANDS[command][0]
            if step not in outputs:
                record["commands"][command] = {"class": "skipped", "why": f"no output of {step}"}
                continue
            work = tmp / (command.replace(" ", "_").replace("-", "") + path.suffix.lower())
            shutil.copy(outputs[step], work)
            run = run_cli(command, work)
            result = classify(outputs[step], work, sheet_part, run, original)
            record["commands"][command] = result
            if result["class"] not in ("refused", "crashed"):
                outputs[command] = work
    name = re.sub(r"[^\w.-]+", "_", f"{entry.repo}__{entry.path}") + ".json"
    (out_dir / name).write_text(json.dumps(record, indent=1, default=list))
    return record


def choose(entries_with_paths: list, limit: int | None, seed: int) -> list:
    """A spread of features: every file holding a rarer feature first, then a random fill."""
    if not limit or limit >= len(entries_with_paths):
        return entries_with_paths
    rng = random.Random(seed)
    by_feature: dict[str, list[int]] = {}
    for i, (_, path) in enumerate(entries_with_paths):
        try:
            census = feature_census(path)
        except (zipfile.BadZipFile, KeyError, OSError):
            continue
        for f in present_features(census):
            by_feature.setdefault(f, []).append(i)
    chosen: list[int] = []
    for _, idx in sorted(by_feature.items(), key=lambda kv: len(kv[1])):  # rarest features first, up to 4 files each
        for i in rng.sample(idx, min(4, len(idx))):
            if i not in chosen and len(chosen) < limit:
                chosen.append(i)
    rest = [i for i in range(len(entries_with_paths)) if i not in chosen]
    chosen += rng.sample(rest, max(0, limit - len(chosen)))
    return [entries_with_paths[i] for i in sorted(chosen)]


def refusal_reasons(message: str) -> set[str]:
    """The features a refusal names (today's loss check lists them after 'cannot keep...: ')."""
    text = message.removeprefix("Error: ")
    listed = re.search(r"cannot keep when it saves: (.*)", text)
    if not listed:
        return {text[:80]}
    return {re.sub(r"\s*\((sheet|workbook)[^)]*\)$", "", part.strip())[:80] for part in listed[1].split(";")}


def summary(records: list[dict], commands: list[str]) -> str:
    ran = [r for r in records if "not_run" not in r]
    lines = [f"{len(ran)} workbooks run ({len(records) - len(ran)} could not take a Candidates sheet)", ""]
    lines.append(f"| {'command':<16} | " + " | ".join(f"{c:>9}" for c in CLASSES) + " |")
    lines.append(f"|{'-' * 18}|" + "|".join("-" * 10 + ":" for _ in CLASSES) + "|")
    for command in commands:
        n = Counter(r["commands"].get(command, {}).get("class", "skipped") for r in ran)
        lines.append(f"| {command:<16} | " + " | ".join(f"{n[c]:>9}" for c in CLASSES) + " |")
    spread = Counter(f for r in ran for f in r.get("features", []))
    lines += [
        "",
        "files holding each feature: " + ", ".join(f"{f} {n}" for f, n in sorted(spread.items(), key=lambda kv: (-kv[1], kv[0]))),
    ]
    lost = Counter(f for r in ran for res in r["commands"].values() for f in res.get("lost", {}))
    files_lost = Counter(f for r in ran for f in {f for res in r["commands"].values() for f in res.get("lost", {})})
    if lost:
        lines += [
            "",
            "features lost (files, command results): "
            + ", ".join(f"{f} {files_lost[f]}/{lost[f]}" for f, _ in lost.most_common()),
        ]
    refused = [res for r in ran for res in r["commands"].values() if res.get("class") == "refused"]
    refusals = Counter(reason for res in refused for reason in refusal_reasons(res["message"]))
    crashes = Counter(res["message"][:120] for r in ran for res in r["commands"].values() if res.get("class") == "crashed")
    if crashes:
        lines += ["", "crashes (last line of the traceback):"] + [f"  {n:>4} x {m}" for m, n in crashes.most_common(10)]
    if refusals:
        lines += ["", f"refusals: {len(refused)} command results; what they name (command results):"]
        lines += [f"  {n:>4} x {m}" for m, n in refusals.most_common(12)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__
    )
    parser.add_argument("--cache", type=Path, required=True, help="folder filled by corpus.py collect")
    parser.add_argument("--out", type=Path, required=True, help="folder for one JSON per workbook and summary.txt")
    parser.add_argument("--limit", type=int, help="run this many files, chosen for a spread of features")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--only", nargs="+", help="commands to run (default: all)")
    parser.add_argument("--summary-only", action="store_true", help="summarise the JSONs already in --out")
    args = parser.parse_args(argv)
    commands = [c for c in COMMANDS if not args.only or c in args.only]
    args.out.mkdir(parents=True, exist_ok=True)
    if args.summary_only:
        records = [json.loads(p.read_text()) for p in sorted(args.out.glob("*.json"))]
        text = summary(records, commands)
        print(text)
        return 0
    have = cached(read_manifest(), args.cache)
    if not have:
        print(f"no corpus files in {args.cache}: run corpus.py collect first (see its --help)", file=sys.stderr)
        return 1
    chosen = choose(have, args.limit, args.seed)
    print(f"{len(chosen)} of {len(have)} cached workbooks; commands: {', '.join(commands)}", file=sys.stderr)
    rows = candidate_rows()
    for need in {COMMANDS[c][0] for c in commands} - {"base", *commands}:
        print(f"note: {need} is not run, so the commands after it are skipped", file=sys.stderr)
    records = []
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for k, rec in enumerate(pool.map(lambda ep: run_file(ep[0], ep[1], rows, args.out, commands), chosen), 1):
            records.append(rec)
            if k % 10 == 0:
                print(f"  {k}/{len(chosen)} files", file=sys.stderr, flush=True)
    text = summary(records, commands)
    (args.out / "summary.txt").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
