"""What bench/chat.py prints: one row per server and scenario, and the forum's ratios to the bare
server measured in the same run, as Markdown tables."""
import bisect
import statistics


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summarise(measured: dict, members: int, deliveries: int | None, args,
              late: int = 0) -> dict:
    """Add up the load processes' outcomes into one row."""
    outs = measured["outcomes"]
    connect = [s for out in outs for s in out.connect_s]
    failed = [reason for out in outs for reason in out.failed]
    row = {"server": measured["server"], "members": members, "late": late,
           "connected": len(connect),
           "failed": len(failed), "failed_examples": sorted(set(failed))[:3],
           "connect_wall_s": measured.get("connect_wall_s"),
           "connect_p50_ms": _ms(_percentile(connect, 0.5)),
           "connect_p99_ms": _ms(_percentile(connect, 0.99)),
           "dropped": sum(out.disconnected for out in outs), "rss_mb": measured.get("rss_mb"),
           "cpu_s": measured.get("cpu_s"), "window_s": measured.get("window_s"),
           "note": measured.get("note"), "connect_cpu_s": measured.get("connect_cpu_s"),
           "other_events": sum(out.other_frames for out in outs),
           "other_mb": sum(out.other_bytes for out in outs) / 1e6}
    if deliveries:
        row.update(offered_per_s=deliveries, **_deliveries(outs, row["cpu_s"], args.seconds))
    return row


def _deliveries(outs, cpu_s: float | None, seconds: float) -> dict:
    """Sent, delivered, lost, latency and CPU per delivery, over every load process."""
    acked = sorted((sent, mid) for out in outs for mid, sent in out.acked)
    received = [(joined, set(ids)) for out in outs for joined, ids in out.received]
    latencies = [ms for out in outs for ms in out.latencies_ms]
    delivered = sum(len(ids) for _, ids in received)
    errors: dict = {}
    for out in outs:
        for code, count in out.send_errors.items():
            errors[code] = errors.get(code, 0) + count
    expected, lost = _expected_and_lost(acked, received)
    return {"sent_acked": len(acked), "send_errors": errors, "delivered": delivered,
            "delivered_per_s": delivered / seconds, "lost": lost, "expected": expected,
            "p50_ms": _percentile(latencies, 0.5), "p99_ms": _percentile(latencies, 0.99),
            "mean_ms": statistics.fmean(latencies) if latencies else None,
            "cpu_us_per_delivery": cpu_s * 1e6 / delivered
            if delivered and cpu_s is not None else None}


def _expected_and_lost(acked: list[tuple[float, int]], received) -> tuple[int, int]:
    """Every acknowledged message sent after a member's join was acknowledged must reach that
    member; answer how many deliveries that makes and how many never came."""
    sent_times = [sent for sent, _ in acked]
    expected = lost = 0
    for joined, ids in received:
        due = {mid for _, mid in acked[bisect.bisect_right(sent_times, joined):]}
        expected += len(due)
        lost += len(due - ids)
    return expected, lost


def _ms(seconds: float | None) -> float | None:
    return seconds * 1000 if seconds is not None else None


def _f(value, fmt: str = ".0f") -> str:
    return format(value, fmt) if value is not None else "-"


def _ratio(forum, bare) -> str:
    return f"{forum / bare:.2f}" if forum is not None and bare else "-"


def print_room(name: str, rows: list[dict], args) -> None:
    """A room scenario: deliveries, latency, losses, connect time and CPU per delivery."""
    members, offered = rows[0]["members"], rows[0]["offered_per_s"]
    late = f", {rows[0]['late']:,} of them joining during the first {args.seconds / 2:.0f} s" \
        if rows[0].get("late") else ""
    print(f"\n### {members:,} members in one room{late}, {offered:,} deliveries/s offered "
          f"({args.seconds:.0f} s, drain {args.drain:.0f} s)\n")
    print("| server | joined | connect+join all, s | p50 / p99 per member, ms | sent (acked) "
          "| delivered/s | p50 ms | p99 ms | lost | CPU µs/delivery | dropped |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        errors = "".join(f", {count} {code}" for code, count in row["send_errors"].items())
        print(f"| {row['server']} | {row['connected']}/{row['members']} | "
              f"{_f(row['connect_wall_s'], '.1f')} | {_f(row['connect_p50_ms'])} / "
              f"{_f(row['connect_p99_ms'])} | {row['sent_acked']:,}{errors} | "
              f"{_f(row['delivered_per_s'])} | {_f(row['p50_ms'], '.1f')} | "
              f"{_f(row['p99_ms'], '.1f')} | {row['lost']:,} of {row['expected']:,} | "
              f"{_f(row['cpu_us_per_delivery'], '.1f')} | {row['dropped']} |")
    _print_ratios(rows, ["connect_wall_s", "p99_ms", "cpu_us_per_delivery"])
    _print_connect_costs(rows)
    _print_notes(rows)


def print_hold(name: str, rows: list[dict], args) -> None:
    """Connections held: how many, how fast they came, memory and idle CPU."""
    print(f"\n### {rows[0]['members']:,} connections held for {args.hold:.0f} s (no room)\n")
    print("| server | connected | connect all, s | p50 / p99 per connection, ms "
          "| still open at the end | worker RSS MB | CPU while holding, % of a core |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        cpu = row["cpu_s"] / row["window_s"] * 100 if row["cpu_s"] is not None else None
        print(f"| {row['server']} | {row['connected']}/{row['members']} | "
              f"{_f(row['connect_wall_s'], '.1f')} | {_f(row['connect_p50_ms'])} / "
              f"{_f(row['connect_p99_ms'])} | {row['connected'] - row['dropped']} | "
              f"{_f(row['rss_mb'])} | {_f(cpu, '.1f')} |")
    _print_ratios(rows, ["connect_wall_s", "rss_mb"])
    _print_connect_costs(rows)
    _print_notes(rows)


def _print_ratios(rows: list[dict], keys: list[str]) -> None:
    by = {row["server"]: row for row in rows}
    if "forum" in by and "bare" in by:
        names = {"connect_wall_s": "connect+join time", "p99_ms": "p99 latency",
                 "cpu_us_per_delivery": "CPU per delivery", "rss_mb": "memory"}
        print("\nforum ÷ bare: " + "; ".join(
            f"{names[key]} {_ratio(by['forum'][key], by['bare'][key])}" for key in keys) + "\n")


def _print_connect_costs(rows: list[dict]) -> None:
    """Server CPU while members connected and joined, and the other events they were sent
    (presence lists, room state, notices), which the load clients drop unread."""
    for row in rows:
        print(f"- {row['server']}: {_f(row['connect_cpu_s'], '.1f')} s of server CPU to connect "
              f"and join; {row['other_events']:,} other events received "
              f"({row['other_mb']:,.1f} MB: presence, room state, notices)")


def _print_notes(rows: list[dict]) -> None:
    for row in rows:
        if row["failed"]:
            print(f"- {row['server']}: {row['failed']} could not connect or join, e.g. "
                  f"{'; '.join(row['failed_examples'])}")
        if row["note"]:
            print(f"- {row['server']}: {row['note']}")
