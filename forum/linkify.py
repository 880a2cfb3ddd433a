"""Find the web addresses in plain text that should become links, in one pass over the text.

Bleach's linkifier did this with a regular expression whose nested repetition ("([\\w-]+\\.)+"
before a long list of alternatives) backtracks: 20,000 characters of "a-a." took 80 s, and
trailing parentheses were peeled off one search of the whole address at a time. Here one
expression with no nested or overlapping repetition finds each candidate; it always consumes a
whole run of address characters, so no character is looked at more than a few times, and the
decisions that need judgement (is the last label a top-level domain? where does the address end?)
are made in Python, once per candidate.

What becomes a link (bleach's rules, kept unless said otherwise):
- "http://" or "https://" addresses, and bare domains such as "smartrecovery.org" or
  "www.example.org" (linked as "http://..."), when the last label is a known top-level domain;
- not a domain right after "@" or "." (the end of an e-mail address stays text; bleach did the
  same), nor one with a user part ("https://name@host": no link, where bleach linked it whole),
  nor one right after another scheme ("ftp://host": bleach linked the host as http://host);
- the address ends before trailing punctuation (".,:;!?'\\"*_~", where bleach dropped only "." and
  ",") and before a ")" that closes nothing inside the address ("(see https://x.org/a)");
- top-level domains (TLDS): the country codes in use, the original generic ones and a few newer
  ones, plus any "xn--" name (bleach's list had retired codes such as "yu" and no newer names);
"""
import re
from collections.abc import Iterator
from dataclasses import dataclass

# Country codes, the original generic domains and a few newer ones members use for recovery
# resources. A file name ("notes.txt", "photo.zip") must not become a link, so this is a list,
# not "any word".
TLDS = frozenset("""
    ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs
    bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee
    eg er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk
    hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la
    lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my
    mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro
    rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk
    tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw
    com org net edu gov mil int arpa info biz name pro aero asia cat coop jobs mobi museum post
    tel travel
    app blog care club dev health help life live news online page site store tech today world xyz
""".split())

# A candidate: hyphens that may lead a word ("-smartrecovery.org"), an optional scheme, then a
# run of host characters starting with a letter or digit, with a dot followed by a letter in it
# (so "1.5" costs nothing more), not right after another scheme's "://". It may not start
# inside a run of host characters, nor right after "@" or "." (the end of an e-mail address), so
# a failed attempt is never retried from the middle of the run it read; the lookahead reads the
# run once, and the possessive "*+" never gives back what it read. What may follow a domain (a
# port, then a path or query: the characters RFC 3986 allows, plus "#" and "~" which occur in
# practice) is read only once the domain is accepted, and the search goes on after it: every
# character is read a bounded number of times.
_START = re.compile(r"(?<![\w@.-])-*+(?:(?P<scheme>https?://)|(?<!://))"
                    r"(?P<host>(?=[\w.-]*?\.[^\W\d_])\w[\w.-]*+)", re.IGNORECASE)
_PORT_AND_REST = re.compile(r"(?P<port>:[0-9]+(?!\w))?(?P<rest>[/?][^\s{}|\\^`<>\"]*)?")
_TRAILING = frozenset(".,:;!?'\"*_~")


@dataclass(frozen=True)
class Link:
    """An address found in text: where it is, and the href it becomes."""

    start: int
    end: int
    href: str


def find_links(text: str, limit: int | None = None) -> Iterator[Link]:
    """Each address in the text that should become a link, in order; at most `limit` of them."""
    found, position = 0, 0
    while limit is None or found < limit:
        match = _START.search(text, position)
        if match is None:
            return
        host = _host_part(match["host"])
        if host is None:
            # "http://http://x.org": the scheme may belong to the next candidate.
            position = match.start("host") if match["scheme"] else match.end()
            continue
        start = match.start("scheme") if match["scheme"] else match.start("host")
        if len(host) < len(match["host"]):
            # The run went on past the domain ("x.org.", "x.org..y"): the link is the domain.
            end, position = match.start("host") + len(host), match.end()
        else:
            tail = _PORT_AND_REST.match(text, match.end())
            end, position = _end_of_address(tail), tail.end()
        address = text[start:end]
        found += 1
        yield Link(start, end, address if match["scheme"] else "http://" + address)


def _host_part(run: str) -> str | None:
    """The domain at the start of a run of host characters, or None if it is not one."""
    empty_label = run.find("..")
    if empty_label >= 0:
        run = run[:empty_label]  # bleach linked "x.org" in "x.org..y" too
    host = run.rstrip(".")
    labels = host.split(".")
    if len(labels) < 2 or not all(labels):
        return None
    tld = labels[-1].lower()
    if tld in TLDS or (tld.startswith("xn--") and len(tld) > 4):
        return host
    # "x.org-based" or "x.org--": the domain ends at the hyphen, as bleach read it.
    head = tld.split("-", 1)[0]
    if head in TLDS:
        return host[:len(host) - len(tld) + len(head)]
    return None


def _end_of_address(tail: re.Match) -> int:
    """Where the address ends once trailing punctuation is left out, in one backward pass."""
    rest = tail["rest"]
    end = tail.end()
    if not rest:
        return end
    opens, closes = rest.count("("), rest.count(")")
    floor = end - len(rest)  # never into the domain: "x.org?" ends at "x.org"
    text = tail.string
    while end > floor:
        char = text[end - 1]
        if char in _TRAILING:
            end -= 1
        elif char == ")" and closes > opens:
            closes -= 1
            end -= 1
        else:
            break
    return end
