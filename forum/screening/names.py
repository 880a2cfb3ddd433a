"""People's names in a text: a full name after a cue ("my name is", "her name is", "watch out
for"), or a first name beside where the person works or studies.

Names usually have capitals, so these patterns read the original text (NFKC, invisible characters
out), not the folded one. A full name written without capitals ("kayla brennan from lincoln
high") counts only between an explicit cue and a place (a school, a workplace, a town, a
profile): `lower_patterns`, read on the lower-cased text. They are Python expressions without
nested repetition on text whose length is bounded by the post limit, so each runs in linear time.
"""
import re
import unicodedata
from functools import cache

from forum.normalize import clean_stored
from forum.screening.lexicon import lexicons

# Capitalised words that start sentences or name things, never a person's name here.
_COMMON = frozenset("""
a about after again all also always am an and any anyone are as at back be because been before
being best big book both but by can could day days did do does done down each early even every
first for from get getting going good got grateful had happy has have having he her here him his
how i if im in into is it its just last let like made many may me more most much my never new
next no not now of off ok okay old on once one only or other our out over people really recovery
right same she should since so sober some still such sure than thank thanks that the their them
then there these they thing things this those through to today too two up us very want was way
we week well were what when where which while who why will with would year years yes yet you
your yours monday tuesday wednesday thursday friday saturday sunday january february march april
mondays tuesdays wednesdays thursdays fridays saturdays sundays weekdays weekends
may june july august september october november december god higher power anonymous meeting
meetings step steps program smart aa na mat church hospital school state university college
center centre clinic house home street road avenue lane drive court city county north south east
west new york san los las el la de del
suicide prevention awareness month memorial walk overdose recovery support hope life lives
""".split())


# Lower-case words after "its", "im" or "my name is" that describe rather than name.
_NOT_LOWER_NAMES = frozenset("""
so super totally tired exhausted sad ok fine great stressed nervous scared here sober clean
glad proud sorry lost stuck broke alone home off late early sick better worse tonight tomorrow
yesterday morning night evening afternoon weekend lol lmao tbh idk honestly literally basically
hard rough bad nice cool weird crazy hungry angry upset anxious feeling kind kinda sort pretty
sometime sometimes anytime dude bro bruh guys girl man later again there here please pls plz
haha ok okay sis fam asap soon real quick welcome hello visitor guest volunteer staff
""".split())


# A capitalised pair right after a place word is a place or a shop ("at Taco Bell from ..."), or
# read from a book or a talk ("by Anne Lamott at ..."): not a person placed at their work.
_PLACE_BEFORE = re.compile(r"\b(?:at|from|in|into|near|the|visit|visited|quoting|"
                           r"quote|read|reading|watched|watching|listened to|heard)\s*$", re.I)

# Capitalised words that open a greeting, a title or an event ("Merry Christmas from the Smiths",
# "Love Wins at Pride", "Daily Reflections from the AA site"): a name before a workplace is
# never one of these.
_NOT_AFFILIATED = frozenset("""
merry happy love daily saw met hugs greetings blessings welcome congrats congratulations cheers
peace sending prayers proud shoutout shout hello hi hey dear hope keep stay coming live fresh
coffee movie game lunch dinner breakfast brunch open mic speaker birthday anniversary family
friends wins reflections christmas thanksgiving easter halloween study night morning evening
team crew group meeting service gratitude serenity prayer news update updates greeting notes
sober clean free open house fun run walk fest festival fair sale club""".split())


@cache
def _patterns() -> tuple[list[re.Pattern], list[re.Pattern], list[re.Pattern], frozenset[str],
                         list[re.Pattern]]:
    data = lexicons().data["contact"]["names"]
    full = [re.compile(p) for p in data["cue_patterns"]]
    affiliated = [re.compile(p) for p in data.get("affiliation_patterns", [])]
    first = [re.compile(p) for p in data["first_name_patterns"]]
    lower = [re.compile(p) for p in data.get("lower_patterns", [])]
    return full, first, lower, frozenset(n.lower() for n in data["not_names"]), affiliated


def _is_name(candidate: str, not_names: frozenset[str]) -> bool:
    words = candidate.replace("-", " ").replace(".", " ").split()
    if candidate.lower() in not_names:
        return False
    return all(w.lower() not in _COMMON for w in words if len(w) > 1)


def _is_lower_name(candidate: str, not_names: frozenset[str]) -> bool:
    """A lower-case candidate also must not be a word that describes ("so tired", "feeling")."""
    words = candidate.replace("-", " ").split()
    return _is_name(candidate, not_names) and not any(
        w in _NOT_LOWER_NAMES or w.endswith(("ing", "ly")) for w in words)


def could_be_first_name(word: str) -> bool:
    """A lower-case word that may be someone's first name ("kev", "lena"), not one that
    describes ("exhausted", "new", "so")."""
    return _is_lower_name(word, _patterns()[3])


def find(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Each name found, with its place in the original text."""
    # NFKC keeps one character for one character for the letters names are written in.
    readable = unicodedata.normalize("NFKC", clean_stored(text))
    if len(readable) != len(text):
        readable = text
    full, first, lower, not_names, affiliated = _patterns()
    found = []
    for pattern in full + first:
        for match in pattern.finditer(readable):
            name = match.group(1)
            if _is_name(name, not_names):
                found.append((name, match.span(1)))
    for pattern in affiliated:
        for match in pattern.finditer(readable):
            name = match.group(1)
            before = _PLACE_BEFORE.search(readable, max(0, match.start() - 30), match.start())
            if _is_name(name, not_names) and not before and not any(
                    word.lower() in _NOT_AFFILIATED for word in name.split()):
                found.append((name, match.span(1)))
    lowered = readable.lower()
    if len(lowered) == len(readable):
        for pattern in lower:
            for match in pattern.finditer(lowered):
                if _is_lower_name(match.group(1), not_names):
                    found.append((readable[slice(*match.span(1))], match.span(1)))
        # "Brene Brown teaches at ...": a first name read inside a public name is that name's
        found = [(name, span) for name, span in found if not _inside_not_name(lowered, span,
                                                                              not_names)]
    return list(dict.fromkeys(found))


def _inside_not_name(lowered: str, span: tuple[int, int], not_names: frozenset[str]) -> bool:
    """True when a found name's place lies inside a public name or a title of not_names."""
    start, end = span
    window = lowered[max(0, start - 25):end + 25]
    offset = max(0, start - 25)
    for public in not_names:
        at = window.find(public)
        while at != -1:
            if offset + at <= start and end <= offset + at + len(public):
                return True
            at = window.find(public, at + 1)
    return False
