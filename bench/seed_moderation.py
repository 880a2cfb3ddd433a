"""Moderation rows for the benchmark database: one review item per target the content step marked
(held, hidden by flags, removed, crisis), with its append-only events and the members' flags."""
from datetime import timedelta

from bench.seed_db import fix_sequences, insert, next_id

# why the content is marked -> (priority, item status, boundary, flags, event kinds)
SHAPES = {
    "pending": (1, "pending", None, 0, ["rule"]),
    "hidden": (2, "pending", "harassment", 3, ["flagged", "flagged", "flagged", "hidden"]),
    "crisis": (0, "pending", "crisis", 0, ["rule"]),
    "removed": (2, "resolved", "harassment", 1, ["flagged", "remove"]),
}


def write_items(seeder) -> int:
    """Write every item the seeder collected; answer how many."""
    t, conn, rng = seeder.t, seeder.conn, seeder.rng
    item_id = next_id(conn, t["moderation_items"])
    items, events, flags = [], [], []
    for offset, found in enumerate(seeder.items):
        row, item_events, item_flags = _item(seeder, item_id + offset, found)
        items.append(row)
        events.extend(item_events)
        flags.extend(item_flags)
    count = insert(conn, t["moderation_items"], items)
    insert(conn, t["moderation_events"], events)
    insert(conn, t["flags"], flags)
    fix_sequences(conn, ["moderation_items"])
    return count


def _item(seeder, item_id: int, found: dict) -> tuple[dict, list[dict], list[dict]]:
    rng = seeder.rng
    priority, status, boundary, flag_count, kinds = SHAPES[found["why"]]
    boundary = boundary or rng.choice(["promotion", "identifying-info", "sourcing"])
    opened = seeder.now - timedelta(hours=rng.uniform(1, 24 * 14))
    resolved = status == "resolved"
    moderator = rng.choice(seeder.moderators)
    source, html = rng.choice(seeder.bodies)
    row = {"id": item_id, "target_type": found["target_type"], "target_id": found["target_id"],
           "status": status, "priority": priority, "reasons": [boundary],
           "snapshot": {"body_html": html, "body_source": source, "taken_at": opened.isoformat()},
           "author_id": found["author_id"], "board_id": found["board_id"],
           "room_id": found["room_id"], "version": 1, "created_at": opened, "opened_at": opened,
           "resolved_at": opened + timedelta(hours=3) if resolved else None,
           "resolved_by_id": moderator if resolved else None,
           "resolution": "remove" if resolved else None,
           "resolution_boundary": boundary if resolved else None,
           "excluded_moderator_id": None, "appealed": False}
    reporters = rng.sample(seeder.members, flag_count)
    flags = [{"target_type": found["target_type"], "target_id": found["target_id"],
              "reporter_id": reporter, "reason": boundary, "note": None, "item_id": item_id,
              "created_at": opened} for reporter in reporters]
    actors = reporters + [None] * len(kinds)
    events = [{"item_id": item_id, "actor_id": moderator if kind == "remove" else
               (actors[n] if kind == "flagged" else None), "kind": kind,
               "boundary": boundary, "note": None, "created_at": opened + timedelta(minutes=n)}
              for n, kind in enumerate(kinds)]
    return row, events, flags
