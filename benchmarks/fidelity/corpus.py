"""The fidelity corpus: public workbooks saved by Microsoft Excel itself, from projects' test data.

The workbooks are third-party files and are NOT committed. What is committed is the manifest
(``manifest.tsv`` beside this file): for every file its source repository, commit, path,
sha256, size, the application that saved it (docProps/app.xml) and the repository's licence.
This script

* ``build``  - scans local git mirrors of the source repositories and writes the manifest:
  every .xlsx/.xlsm whose docProps/app.xml names Microsoft Excel as the application;
* ``collect`` - copies each manifest file out of the local mirrors (exact commit) into a cache
  folder and checks its sha256; a repository with no mirror here is reported and skipped;
* ``status`` - says which manifest files the cache holds.

The machine that runs it needs the mirrors (bare git directories, e.g. from the search tool's
``fetch github:owner/name``: ``/work/.mirror/owner+name/repo``) or an already filled cache; it
never downloads anything itself.

    .venv/bin/python benchmarks/fidelity/corpus.py build   --mirrors /work/.mirror
    .venv/bin/python benchmarks/fidelity/corpus.py collect --mirrors /work/.mirror --cache DIR
    .venv/bin/python benchmarks/fidelity/corpus.py status  --cache DIR
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.tsv"
# repository -> (licence of the repository, which covers its test files)
SOURCES: dict[str, str] = {
    "jmcnamara/XlsxWriter": "BSD-2-Clause",
    "tafia/calamine": "MIT",
    "dtjohnson/xlsx-populate": "MIT",
    "ClosedXML/ClosedXML": "MIT",
    "exceljs/exceljs": "MIT",
}
EXCEL_APPS = ("Microsoft Excel", "Microsoft Macintosh Excel")
FIELDS = ["repo", "commit", "path", "sha256", "bytes", "application", "licence"]


@dataclass
class Entry:
    repo: str
    commit: str
    path: str
    sha256: str
    bytes: int
    application: str
    licence: str

    @property
    def cache_name(self) -> str:
        return f"{self.repo.replace('/', '+')}/{self.path}"


def mirror_dir(mirrors: Path, repo: str) -> Path:
    return mirrors / repo.replace("/", "+") / "repo"


def git(mirror: Path, *args: str, binary: bool = False) -> bytes | str:
    out = subprocess.run(["git", "--git-dir", str(mirror), *args], capture_output=True, check=True)
    return out.stdout if binary else out.stdout.decode()


def application(data: bytes) -> str | None:
    """The Application named in docProps/app.xml, or None if the file is not a readable package."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "docProps/app.xml" not in z.namelist():
                return ""
            m = re.search(rb"<(?:\w+:)?Application>(.*?)</(?:\w+:)?Application>", z.read("docProps/app.xml"))
            return m[1].decode("utf-8", "replace").strip() if m else ""
    except (zipfile.BadZipFile, OSError, KeyError):
        return None


def build(mirrors: Path) -> list[Entry]:
    entries = []
    for repo, licence in SOURCES.items():
        mirror = mirror_dir(mirrors, repo)
        if not mirror.exists():
            print(f"skip {repo}: no mirror at {mirror}", file=sys.stderr)
            continue
        commit = git(mirror, "rev-parse", "HEAD").strip()
        listing = git(mirror, "ls-tree", "-r", "-l", commit)
        for line in listing.splitlines():
            _meta, _, path = line.partition("\t")
            if not path.lower().endswith((".xlsx", ".xlsm")):
                continue
            try:
                data = git(mirror, "show", f"{commit}:{path}", binary=True)
            except subprocess.CalledProcessError:
                continue  # an LFS pointer or a blob the snapshot lacks
            app = application(data)
            if app not in EXCEL_APPS:
                continue
            entries.append(Entry(repo, commit, path, hashlib.sha256(data).hexdigest(), len(data), app, licence))
        print(f"{repo}: {sum(e.repo == repo for e in entries)} Excel-made workbooks at {commit[:12]}", file=sys.stderr)
    return entries


def write_manifest(entries: list[Entry], path: Path = MANIFEST) -> None:
    with path.open("w", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(FIELDS)
        for e in entries:
            w.writerow([getattr(e, k) for k in FIELDS])


def read_manifest(path: Path = MANIFEST) -> list[Entry]:
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [Entry(**{**r, "bytes": int(r["bytes"])}) for r in rows]


def collect(entries: list[Entry], mirrors: Path, cache: Path) -> tuple[int, int, int]:
    """Copy manifest files into ``cache``; return (copied or present, missing mirror, mismatched)."""
    ok = missing = bad = 0
    absent: set[str] = set()
    for e in entries:
        out = cache / e.cache_name
        if out.exists() and hashlib.sha256(out.read_bytes()).hexdigest() == e.sha256:
            ok += 1
            continue
        mirror = mirror_dir(mirrors, e.repo)
        if not mirror.exists():
            missing += 1
            absent.add(e.repo)
            continue
        try:
            data = git(mirror, "show", f"{e.commit}:{e.path}", binary=True)
        except subprocess.CalledProcessError:
            missing += 1
            continue
        if hashlib.sha256(data).hexdigest() != e.sha256:
            bad += 1
            print(f"sha256 mismatch, not copied: {e.repo} {e.path}", file=sys.stderr)
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        ok += 1
    for repo in sorted(absent):
        print(
            f"no mirror of {repo} under {mirrors}: its files were skipped (fetch github:{repo}, or copy them into {cache})",
            file=sys.stderr,
        )
    return ok, missing, bad


def cached(entries: list[Entry], cache: Path) -> list[tuple[Entry, Path]]:
    """The manifest files present in ``cache`` (any size check is collect's job)."""
    return [(e, cache / e.cache_name) for e in entries if (cache / e.cache_name).exists()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="scan mirrors, write manifest.tsv")
    b.add_argument("--mirrors", type=Path, required=True)
    c = sub.add_parser("collect", help="copy manifest files from mirrors into the cache")
    c.add_argument("--mirrors", type=Path, required=True)
    c.add_argument("--cache", type=Path, required=True)
    s = sub.add_parser("status", help="which manifest files the cache holds")
    s.add_argument("--cache", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.cmd == "build":
        entries = build(args.mirrors)
        write_manifest(entries)
        print(f"{len(entries)} Excel-made workbooks in {MANIFEST}")
        return 0
    entries = read_manifest()
    if args.cmd == "collect":
        ok, missing, bad = collect(entries, args.mirrors, args.cache)
        print(f"{ok} of {len(entries)} manifest files in {args.cache}; {missing} skipped (no mirror), {bad} sha256 mismatches")
        return 0 if ok else 1
    have = cached(entries, args.cache)
    print(f"{len(have)} of {len(entries)} manifest files present in {args.cache}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
