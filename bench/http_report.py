"""The tables bench/http.py prints: Markdown, so they paste into bench/RESULTS.md as they are.

Two ratios per page, both against the minimal Flask + SQLAlchemy page of the same run: the cost
by throughput (its requests/s over the page's) and by server CPU per request. The second moves
much less when other work on the machine takes CPU away during one page and not another.
"""


def _reference(rows: dict, key: str) -> float:
    return (rows["sqla_before"][key] + rows["sqla_after"][key]) / 2


def _line(label: str, row: dict, rps_ref: float, cpu_ref: float) -> str:
    errors = f" ({row['errors']} errors)" if row.get("errors") else ""
    return (f"| {label}{errors} | {row['rps']:.0f} | {row['mean_ms']:.1f} | {row['p50_ms']:.1f} | "
            f"{row['p99_ms']:.1f} | {row['cpu_ms']:.2f} | {rps_ref / row['rps']:.2f} | "
            f"{row['cpu_ms'] / cpu_ref:.2f} |")


def print_round(workers: int, rows: dict, fixtures: dict, args) -> None:
    """One table: every page with requests/s, latency, CPU per request and its costs beside the
    minimal SQLAlchemy page."""
    rps_ref, cpu_ref = _reference(rows, "rps"), _reference(rows, "cpu_ms")
    print(f"\n### gunicorn -k gevent -w {workers}: wrk {args.connections} connections, "
          f"{args.duration} s a page\n")
    print("| page | requests/s | mean ms | p50 ms | p99 ms | server CPU ms/request "
          "| cost × minimal (by requests/s) | cost × minimal (by CPU) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    before, after = rows["sqla_before"], rows["sqla_after"]
    for row, label in ((rows["flask"], rows["flask"]["page"]),
                       (before, before["page"] + " (before)"), (after, after["page"] + " (after)")):
        print(_line(label, row, rps_ref, cpu_ref))
    for row in rows["pages"]:
        if "note" in row:
            print(f"| forum: {row['page']} | {row['note']} | | | | | | |")
        else:
            print(_line("forum: " + row["page"], row, rps_ref, cpu_ref))
    _print_size(rows["pages"])


def _print_size(pages: list[dict]) -> None:
    """Each page at size beside its small case, by throughput and by CPU per request."""
    measured = {row["page"]: row for row in pages if "rps" in row}
    small = {"thread": measured.get("thread, 20 of 50 posts, signed out"),
             "board": next((row for label, row in measured.items()
                            if label.startswith("board of") and "page" not in label), None)}
    lines = []
    for label, row in measured.items():
        kind = label.split()[0]
        if ("first page" in label or "last page" in label) and small.get(kind):
            base = small[kind]
            lines.append(f"- {label}: {base['rps'] / row['rps']:.2f} × the small {kind} by "
                         f"requests/s, {row['cpu_ms'] / base['cpu_ms']:.2f} × by CPU")
    if lines:
        print("\nAt size (beside the small case, same run):\n")
        print("\n".join(lines))
