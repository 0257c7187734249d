"""Contact directory maintenance: build, validate, import, export, list and check links.

The data files in directory/ (organisations, regions, municipalities, routes;
CSV, UTF-8) are the source. `import` validates every row first (phone numbers,
URLs, e-mail addresses, opening hours, references, dates) and changes nothing
when one row is wrong: it names each bad row by file and line number.

Database: DATABASE_URL (default: SQLite file under DATA_DIR), or --database-url.

Examples:
    python -m wegwijzer.directory build --if-changed
    python -m wegwijzer.directory validate --data-dir directory
    python -m wegwijzer.directory import --data-dir /path/to/new/files
    python -m wegwijzer.directory export /tmp/directory-export
    python -m wegwijzer.directory list "Den Bosch"
    python -m wegwijzer.directory stats --latency
    python -m wegwijzer.directory check-links
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Optional

from wegwijzer.directory import datafiles, importer, linkcheck
from wegwijzer.directory.db import default_url, migrate
from wegwijzer.directory.formatting import routes_text
from wegwijzer.directory.hours import now_in_amsterdam
from wegwijzer.directory.lookup import Directory
from wegwijzer.directory.municipalities import MunicipalityIndex

LOCAL_KINDS = ("gemeente", "wijkteam", "clientondersteuning")


def _print_counts(counts: dict) -> None:
    print(f"  municipalities: {counts['municipalities']} ({counts['municipalities_with_region']} with regional data)")
    print(f"  regions: {counts['regions']}, organisations: {counts['organisations']}")
    print(f"  routes: {counts['routes']} ({counts['routes_verified']} verified, {counts['routes_local']} local)")


def cmd_migrate(args) -> int:
    migrate(args.database_url)
    print("==> directory schema is up to date")
    return 0


def cmd_build(args) -> int:
    counts = importer.build(args.data_dir, args.database_url, if_changed=args.if_changed)
    if counts is None:
        print("==> contact directory up to date")
    else:
        print(f"==> built the contact directory from {args.data_dir}")
        _print_counts(counts)
    return 0


def cmd_validate(args) -> int:
    data = datafiles.load(args.data_dir)
    print(f"==> {args.data_dir}: all rows are valid ({len(data.municipalities)} municipalities, "
          f"{len(data.routes)} routes)")
    return 0


def cmd_import(args) -> int:
    counts = importer.import_files(args.data_dir, args.database_url)
    print(f"==> imported {args.data_dir}")
    _print_counts(counts)
    return 0


def cmd_export(args) -> int:
    importer.export_files(args.out_dir, args.database_url)
    print(f"==> wrote {', '.join(datafiles.FILES)} to {args.out_dir}")
    return 0


def cmd_list(args) -> int:
    directory = Directory(args.database_url)
    name = MunicipalityIndex.from_pairs(directory.municipality_names()).resolve(args.municipality)
    if not name:
        print(f"Unknown municipality: {args.municipality!r}", file=sys.stderr)
        return 1
    info = directory.municipality(name)
    print(f"{info.name} ({info.cbs_code}, {info.province})")
    for region in info.regions:
        extra = f": {', '.join(region.organisations)}" if region.organisations else ""
        print(f"  {region.kind}: {region.name}{extra}")
    now = now_in_amsterdam()
    for kind in LOCAL_KINDS:
        routes = directory.local_routes(kind, name)
        print(f"\n[{kind}]\n" + (routes_text(routes, now) if routes else "  (no local route: national routes and "
                                                                          "the municipality's general contact apply)"))
    return 0


def cmd_stats(args) -> int:
    url = args.database_url or default_url()
    _print_counts(importer.counts(url))
    if args.latency:
        directory = Directory(url)
        index = MunicipalityIndex.from_pairs(directory.municipality_names())
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            name = index.resolve("wijkteam in Amersfort")
            directory.municipality(name)
            directory.local_routes("wijkteam", name)
            directory.national_routes("veilig_thuis")
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        print(f"  lookup latency (resolve typo + municipality + local + national routes), {args.repeat} runs: "
              f"median {statistics.median(timings):.2f} ms, p95 {timings[int(len(timings) * 0.95) - 1]:.2f} ms")
    return 0


def cmd_check_links(args) -> int:
    results = linkcheck.check_links(linkcheck.directory_urls(args.database_url), timeout=args.timeout)
    dead = [r for r in results if not r.ok]
    for r in results:
        state = "OK  " if r.ok else "DEAD"
        print(f"{state} {r.status or r.error:>4} {r.url}  ({r.where})")
    print(f"==> {len(results)} links checked, {len(dead)} dead")
    return 1 if dead else 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m wegwijzer.directory", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    main.add_argument("--database-url", default=None, help="SQLAlchemy URL (default: DATABASE_URL)")
    sub = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, func, help_text):
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(func=func)
        return command

    add("migrate", cmd_migrate, "create or upgrade the database schema (Alembic)")
    build = add("build", cmd_build, "migrate and import the data files (what `make setup` runs)")
    build.add_argument("--if-changed", action="store_true", help="skip when the data files did not change")
    for name, func, text in (("validate", cmd_validate, "check the data files without touching the database"),
                             ("import", cmd_import, "validate, then replace the directory with the data files; "
                                                    "any bad row: nothing changes")):
        command = add(name, func, text)
        command.add_argument("--data-dir", type=Path, default=datafiles.DATA_DIR,
                             help=f"folder with {', '.join(datafiles.FILES)}")
    build.add_argument("--data-dir", type=Path, default=datafiles.DATA_DIR, help="folder with the data files")
    export = add("export", cmd_export, "write the directory to CSV files")
    export.add_argument("out_dir", type=Path)
    listing = add("list", cmd_list, "show regions and local routes of one municipality (typos allowed)")
    listing.add_argument("municipality")
    stats = add("stats", cmd_stats, "count municipalities and routes (verified, local)")
    stats.add_argument("--latency", action="store_true", help="also measure the lookup latency")
    stats.add_argument("--repeat", type=int, default=200)
    links = add("check-links", cmd_check_links, "report dead websites (needs internet access)")
    links.add_argument("--timeout", type=float, default=10.0)
    return main


def main(argv: Optional[list[str]] = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except datafiles.DataError as error:
        print(f"Nothing was changed. {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
