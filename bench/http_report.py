"""The tables bench/http.py prints: Markdown, so they paste into bench/RESULTS.md as they are."""




def _cell(value, fmt: str) -> str:
    return format(value, fmt) if value is not None else "-"


def print_round(workers: int, rows: dict, fixtures: dict, args) -> None:
    """One table: every page with requests/s, p50, p99 and its cost beside the minimal page."""
    before, after = rows["sqla_before"], rows["sqla_after"]
    reference = (before["rps"] + after["rps"]) / 2
    print(f"\n### gunicorn -k gevent -w {workers}: wrk {args.connections} connections, "
          f"{args.duration} s a page\n")
    print("| page | requests/s | p50 ms | p99 ms | cost × minimal SQLAlchemy page |")
    print("|---|---:|---:|---:|---:|")
    for row in [rows["flask"], before, after]:
        label = row["page"] + (" (before)" if row is before else " (after)" if row is after else "")
        print(f"| {label} | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
              f"{reference / row['rps']:.2f} |")
    for row in rows["pages"]:
        if "note" in row:
            print(f"| forum: {row['page']} | {row['note']} | | | |")
            continue
        errors = f" ({row['errors']} errors)" if row["errors"] else ""
        print(f"| forum: {row['page']}{errors} | {row['rps']:.0f} | {row['p50_ms']:.1f} | "
              f"{row['p99_ms']:.1f} | {reference / row['rps']:.2f} |")
    _print_size(rows["pages"])


def _print_size(pages: list[dict]) -> None:
    """Each page at size beside its small case (time per request, from requests/s)."""
    measured = {row["page"]: row for row in pages if "rps" in row}
    small_board = next((label for label in measured if label.startswith("board of")
                        and "page" not in label), None)
    small = {"thread": measured.get("thread, 20 of 50 posts, signed out"),
             "board": measured.get(small_board)}
    lines = []
    for label, row in measured.items():
        kind = label.split()[0]
        if ("first page" in label or "last page" in label) and small.get(kind):
            lines.append(f"- {label}: {small[kind]['rps'] / row['rps']:.2f} × the small {kind}")
    if lines:
        print("\nAt size (cost beside the small case, same run):\n")
        print("\n".join(lines))
