"""Contact and identifying details: which of the contact lexicon's hits really are one, and where
each sits in the original text (chat masks exactly that).

The patterns (forum/data/screening/contact.json) cast wide on the folded text; the checks here
take back what only looks like a detail: dates and year ranges that look like phone numbers, a
number beside a street-like word in ordinary talk, where a meeting is held, an @mention of a
member.
"""
import re
from dataclasses import dataclass
from functools import cache

import re2

from forum.screening import names
from forum.screening.lexicon import Hit, lexicons
from forum.screening.reading import Reading

_PHONE_CUES = ("area code", "country code", "number", "numero", "#", "cell", " cel", "ext",
               "mobile", "phone", "telefono")
_CALL_VERBS = ("text", "call", "txt", "ring", "reach", "whatsapp", "llam", "marca", "escribe",
               "mensaje")
# Digit groups that are dates or year ranges ("2021-03-14", "3-14-2021", "2019-2021").
_NOT_PHONES = ([4, 2, 2], [4, 1, 1], [2, 2, 4], [1, 2, 4], [2, 1, 4], [1, 1, 4], [4, 4],
               [2, 2, 2])
# Words that put a number and a street-like word together in ordinary talk ("day 5 now and way
# better", "2 months in a place", "a 45 min drive", "40 miles each way").
_NOT_STREET_WORDS = frozenset("""
a an the and or but of in on at to for from with my your his her our their is was are were be
now then so very way more less much than years year months month weeks week days day hours hour
min mins minutes times time am pm sober clean later ago old since till until straight into this
that it its im i me we you he she they miles mile km kms kilometers feet ft blocks each every
all both half bucks dollars
""".split())
# A number named as something other than a phone ("order number 4481902273", "tracking #",
# "case no. 2024-118834"): the label sits just before the digits.
_REFERENCE_LABEL = re.compile(
    r"\b(?:order|orders|tracking|track|case|confirmation|conf|reference|ref|account|acct|invoice|"
    r"ticket|claim|policy|booking|reservation|serial|membership|member id|patient|rx|receipt|"
    r"transaction|parcel|package|shipment|model|part|routing|badge|employee|student|docket|"
    r"citation|order id|item|sku|isbn|flight|vin)"
    r"(?: (?:number|no|num|id|code))?\.?(?: ?#)?(?: (?:is|was|are))?[ :#.]*$")
_HANDLE = re.compile(r"@([a-z0-9_-]{3,32})(?![a-z0-9_.-])")
_PLATFORM = re.compile(r"\b(?:snap|snapchat|insta|instagram|ig|telegram|tg|whatsapp|kik|discord|"
                       r"signal|wickr|tiktok|twitter|x|facebook|fb|reddit|threads|bluesky)\b")


@dataclass
class Detail:
    """One family of contact details found: the words, and their places in the original."""

    family: str
    words: tuple[str, ...]
    spans: list[tuple[int, int]]


# A digit spelled out and run into the others ("five55-0129") is read as the digit it names.
_DIGIT_WORDS = re.compile(r"zero|oh|one|two|three|four|five|six|seven|eight|nine")
_DIGIT_RUN = re.compile(r"(?:\d|zero|oh|one|two|three|four|five|six|seven|eight|nine)+")
_DIGIT_OF = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4",
             "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}


def _spelled_digits(words: str) -> str:
    """A run like "five55-0129" with its spelled digits written as digits; words such as
    "phone" or "someone" are kept whole (only a run of digits and digit words is read)."""
    def digits_of(token: re.Match) -> str:
        run = token.group(0)
        if not any(ch.isdigit() for ch in run) or not _DIGIT_RUN.fullmatch(run):
            return run
        return _DIGIT_WORDS.sub(lambda m: _DIGIT_OF[m.group(0)], run)
    return re.sub(r"[a-z0-9]+", digits_of, words)


def _is_phone(hit: Hit) -> bool:
    words = _spelled_digits(hit.words)
    digits = "".join(ch for ch in words if ch.isdigit())
    if any(cue in hit.words for cue in _PHONE_CUES):
        return len(digits) >= 4  # "my phone ... meeting in 10" names a phone, not its number
    if not 7 <= len(digits) <= 15:
        return False
    if words.startswith(_CALL_VERBS):
        return True
    groups = [len(g) for g in re.split(r"[ ().\[\]\n-]+", words) if g.isdigit()]
    if "\n" in words and min(groups, default=0) < 3:
        return False  # a number split over lines is written in its usual groups
    if len(groups) == 2 and groups != [3, 4] and len(digits) < 10:
        return False  # two groups are a phone number only as 555-0123 or a long number
    return groups not in _NOT_PHONES


@cache
def _venue_cues() -> tuple:
    data = lexicons().data["contact"].get("venues", {})
    return (re2.compile("|".join(data.get("venue_patterns", [])) or "$^"),
            re2.compile("|".join(data.get("personal_patterns", [])) or "$^"))


def _is_meeting_place(reading: Reading, hit: Hit) -> bool:
    """True when the address's sentence names a meeting place and nobody's home ("the Tuesday
    meeting moved to St. Paul's, 410 Oak Street"): where a group meets is public."""
    venue, personal = _venue_cues()
    sentence = reading.sentence_text(reading.sentence_of(hit.start))
    return bool(venue.search(sentence)) and not personal.search(sentence)


# Words that describe a street rather than name it ("i live on a quiet street", "off the main
# road"): a home placed on one of these is not placed at all.
_NOT_STREET_NAMES = frozenset("""
a an the my our his her their this that same one busy quiet dead end long short dirt gravel back
side main big little small nice bad good new old private rural country crappy sketchy shady rough
""".split())
_STREET_NAMED = re.compile(r"\b(?:on|off|along|down|at the end of|at the top of|at the bottom of) "
                           r"(?:the )?((?:[a-z0-9]+ ){1,3})(?:street|st|avenue|ave|road|rd|"
                           r"boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|circle|"
                           r"cir|parkway|pkwy|pike|trail|highway|hwy)\b")


_SPELLED_HOUSE = re.compile(
    r"(?:^|\s)(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety|hundred|oh|o)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|and))* ((?:[a-z]+ ){1,2})\S+$")
_ON_LAST_WORD = re.compile(r"\b(?:on|off) ([a-z0-9]+)$")


def _is_address(hit: Hit) -> bool:
    """A number and a street word are an address only when the words between them could be a
    street's name ("apt 4", "calle ...", "i live on ..." carry their own cue); a home placed on
    a street with no number counts only when the street has a name ("on birch lane", not "on a
    quiet street")."""
    words = hit.words.split()
    spelled = _SPELLED_HOUSE.search(hit.words)
    if spelled:
        # "live at forty one birch lane", not "one way street" or "two more road trips"
        return not any(word in _NOT_STREET_WORDS or word in _NOT_STREET_NAMES
                       for word in spelled.group(1).split())
    if not words or not words[0][:1].isdigit():
        last = _ON_LAST_WORD.search(hit.words)
        if last and last.group(1) in _NOT_STREET_NAMES:
            return False  # "lives across from me on the other side" names no street
        named = _STREET_NAMED.findall(hit.words)
        return not named or any(
            word not in _NOT_STREET_NAMES for street in named for word in street.split())
    return not any(word in _NOT_STREET_WORDS for word in words[1:-1])


# Two letters that name an app in chat and are also everyday shorthand ("ig" is "I guess"):
# "ig @member said it best" mentions the member unless the words ask to add or find someone.
_SHORTHAND_APPS = frozenset({"ig", "x", "sc", "wa", "dc", "tt", "li", "line", "signal", "threads"})
_ASKS_FOR_CONTACT = re.compile(r"\b(?:me|my|mine|mines|add|follow|find|dm|msg|message|text)\b")


def _mentions_a_member(hit: Hit, is_member_handle) -> bool:
    """True for "@handle" (or "follow @handle") naming a member, with no platform named (or
    only an everyday shorthand that names one, with nobody asked to add anyone)."""
    handles = _HANDLE.findall(hit.words)
    if not handles or not all(is_member_handle(handle) for handle in handles):
        return False
    apps = set(_PLATFORM.findall(hit.words))
    return not apps or (apps <= _SHORTHAND_APPS and not _ASKS_FOR_CONTACT.search(hit.words))


_PLATE_CUE = re.compile(r"^(?:plate|plates|placas|placa|reg|rego|registration|license plate|"
                        r"licence plate|tag number|matricula)(?: number| no| is| es| de| was)?[ :#]*")


_PLATE_WORD = re.compile(r"\b(?:plates?|placas?|reg|rego|registration|tags?|matricula)\b"
                         r"(?: number| no| is| es| de| was| reads| says| starts with)?[ :#]*")


def _is_plate(hit: Hit) -> bool:
    """A registration is letters and digits together ("LV68 XRT", "ABC-123-D"), not a word:
    only what follows the last plate word is read ("drives a 2015 civic, tag expired" names
    none)."""
    plate = _PLATE_CUE.sub("", hit.words)
    parts = _PLATE_WORD.split(plate)
    plate = parts[-1] if len(parts) > 1 else plate
    return any(ch.isdigit() for ch in plate) and any(ch.isalpha() for ch in plate)


def _is_reference_number(reading: Reading, hit: Hit) -> bool:
    """True for digits labelled as an order, tracking or case number, or that are only part of
    a longer code of letters and digits ("1z999aa10123456784")."""
    text = reading.folded.text
    start = _detail_start(reading, hit)
    if _spelled_digits(hit.words[:8]) != hit.words[:8]:
        start = hit.start  # "five55-...": the spelled digit is the number's start
    if start > 0 and text[start - 1].isalnum():
        return True  # inside a word: a code, not a number someone dials
    return bool(_REFERENCE_LABEL.search(text[max(0, start - 40):start]))


# "name at domain org" without its dot: the words around "at" must be a mailbox and a domain,
# not "meet at the org" or "work at home com".
_SPOKEN_MAIL = re.compile(r"^(?:.* )?(\S+) (?:at|arroba|\(at\)|\[at\]|\{at\}|<at>|@) ?(\S+) \S+")
_NOT_MAILBOX = frozenset("""
me im i we us you them him her it he she they meet meeting be was is are am work home here there
look looking see stay staying live living been one ones everyone anyone someone people group
shes hes theyre were whos thats its lets ill id ive youre back over up out go went going stop
arrive arrived get got""".split())
# After "me at": a mailbox, a domain and its ending, each its own word (the dots given as emoji).
_AFTER_CUE = re.compile(r"\b(?:me|us) (?:at|on) (\S+) (\S+) (?:com|net|org|io|co uk)$")
_NOT_DOMAIN = frozenset("""
the a an my our your his her their this that least all last first once night noon risk best it
them me you us him work home church school college university
""".split())


_MAIL_HOST = re.compile(r"(\S+) ?(?:@|\(at\)|\[at\]|\{at\}|<at>|\bat\b) ?(?:gmail|g mail|"
                        r"googlemail|yahoo|hotmail|outlook|protonmail|proton mail|proton|icloud|"
                        r"aol|ymail|gmx|msn)\b")
_NOT_MAILBOX_WORDS = frozenset("email mail gmail inbox account acct address addy your my an a the".split())
_SAME_AS_HERE = re.compile(r"\b(?:username|user name|name here|same as here|same name)\b")


def _is_email(hit: Hit) -> bool:
    host = _MAIL_HOST.search(hit.words)
    if host and "." not in hit.words.split("@")[-1] and " dot " not in hit.words:
        # "bigjim_70 at yahoo" with its ".com" left off: a mailbox, not "i work at yahoo"
        mailbox = host.group(1)
        if mailbox in _NOT_MAILBOX_WORDS:
            return False  # "check your email at gmail" names the service, not a mailbox
        return mailbox not in _NOT_MAILBOX or bool(_SAME_AS_HERE.search(hit.words))
    if "." in hit.words.split("@")[-1] or " dot " in hit.words or " punto " in hit.words:
        return True
    spoken = _SPOKEN_MAIL.match(hit.words.replace("@", " @ "))
    after_cue = _AFTER_CUE.search(hit.words) if spoken and spoken.group(1) in _NOT_MAILBOX \
        else None
    if after_cue:
        # "email me at jess example org": the at belongs to the cue, the address follows it
        return not any(word in _NOT_MAILBOX or word in _NOT_DOMAIN for word in after_cue.groups())
    return not spoken or (spoken.group(1) not in _NOT_MAILBOX
                          and spoken.group(2) not in _NOT_DOMAIN)


# Words that say what kind of place, shift or role, never which one: a member placing
# themselves "at the hospital on weekends" names no place; "at Lincoln Middle", "at the Publix
# on Dale Mabry" or "off exit 12" does.
_GENERIC_PLACE = frozenset("""
a an the my our his her their this that some one of at in on off by near for from behind inside
next to across corner and or with im i am m me u you work job it its s ve been now currently still
food pantry soup thrift daycare preschool kennel
nights night days day mornings morning evenings evening weekends weekend overnights overnight
shift shifts part full time most every each all weekday weekdays week mondays tuesdays wednesdays
thursdays fridays saturdays sundays monday tuesday wednesday thursday friday saturday sunday
hospital school store shop bar pub restaurant diner cafe coffee station gas warehouse factory plant
mall office church meeting meetings group club gym library clinic center centre house home er icu
nicu ward unit floor desk front register counter kitchen grill deli drive thru through door
middle high elementary public private local same big little small new old nearby downtown uptown
town city county area place sober living halfway recovery rehab detox facility shelter room rm bed
bunk cabin dorm hall residence program hotel motel inn lodge apartments building airport bank
grocery pharmacy supermarket market gas station nurse nurses service help reception checkout check
out pharmacy care senior assisted nursing general memorial medical academy college university prep
mart depot plaza street st road rd avenue ave lane way side end north south east west usual
area cashier clerk manager supervisor bartender barista server waiter waitress cook chef
dishwasher host hostess cna rn lpn aide teacher sub tutor coach driver pharmacist tech technician
receptionist librarian janitor custodian mechanic stylist barber hairdresser guard bouncer greeter
stocker pastor trainer hygienist dispatcher lifeguard instructor professor principal counselor
counsellor secretary teller valet attendant baker butcher delivery guy girl mail carrier mailman
postman paramedic emt firefighter deputy doorman concierge housekeeper owner security lunch lady
crossing usher caddy groundskeeper maintenance man auditor head lead assistant turned as
""".split())
_PLACE_START = re.compile(r"\b(?:at|for|of|from|in|behind|i manage|i run|i own|i co-own) (.*)")
_PLACE_END = re.compile(r"[,;:!?()]|\b(?:come|say|stop|swing|drop|pop|visit|ask|look|you|u|if|"
                        r"wave|holler|most|every|each|all|weekday|weekend|im|i)\b")
_INDEFINITE = re.compile(r"^(?:a|an|some|one of the|any)\b")
_STREET_DETAIL = re.compile(r"\b(?:on|off|by|near|across from|next to|behind|at the corner of) "
                            r"(?:the )?[a-z0-9]")
_WORK_CUE = re.compile(r"\bi (?:work|teach|coach|bartend|serve|cook|clean|volunteer|tutor|nurse|"
                       r"cashier|waitress|sub|drive|run|manage|own|co-own)\b|\b(?:im|i am|i m) (?:the|a|an)\b|"
                       r"\b(?:im|i am|i m) (?:literally|basically|probably|pretty much|actually|still) "
                       r"the only\b|"
                       r"\b(?:nurses? station|front desk|my desk|my station|name ?tag|badge|"
                       r"my shift|on shift|at work|behind the (?:counter|bar|desk))\b")


_NAME_INTRO = re.compile(r"(?:im|i am|i m|its|it s|this is) ([a-z]+) from the ")
_NUMBERED_POST = re.compile(r"\b(?:with|on|for|from|out of|at) (?:the )?(?:station|engine|ladder|"
                            r"precinct|firehouse|fire station|fire house|medic|truck|squad|rescue|"
                            r"battalion|ambulance|barracks) ?#?\d{1,3}\b")
_HABIT = re.compile(r"\b(?:most|every|each|all|weekday|weekend) ?(?:morning|day|night|afternoon|"
                    r"evening|shift|weekday|week|weekend)s?\b")


def _names_a_place(reading: Reading, hit: Hit) -> bool:
    """A member placing themselves counts only at a place named by more than its kind: a name
    word ("lincoln", "publix"), a street or exit; a route number ("the 42 bus") is its own name.
    Where a group meets ("at the church on main, come say hi") is public, unless the member
    works there."""
    words = hit.words
    if re.search(r"\b(?:bus|route|line|tram|streetcar|trolley|shuttle|driver)\b", words) and \
            re.search(r"\d", words) and not re.search(r"\b(?:room|rm|bed|unit)\b", words):
        return True
    if _NUMBERED_POST.search(words):
        return True  # "station 14", "engine 7": a crew small enough to be found by
    start = _PLACE_START.search(words)
    if not start:
        return False
    place = start.group(1)
    # "im in room 214 at the oakwood ...": the place is after the room
    room = re.match(r"(?:room|rm|bed|unit|cabin|dorm|bunk) ?#?\d+[a-z]? (?:at|of|in) (.*)", place)
    place = room.group(1) if room else place
    cut = _PLACE_END.search(place)
    place = place[:cut.start()] if cut else place
    named = [w for w in re.findall(r"[a-z0-9&-]+", place)
             if w not in _GENERIC_PLACE and not w.isdigit()
             and not re.fullmatch(r"\d+(?:st|nd|rd|th)?", w)]
    exit_or_route = re.search(r"\b(?:exit|route|rt|highway|hwy|i|interstate|us|cr|sr)[ -]?\d", place)
    numbered_street = re.search(r"\b(?:on|off|at|by) (?:the )?\d{1,4}(?:st|nd|rd|th)\b", place)
    if not (named or exit_or_route or numbered_street):
        return False
    if _INDEFINITE.match(place) and not _STREET_DETAIL.search(place):
        return False  # "a nurse at a hospital in Tampa" names a town, not where to find her
    intro = _NAME_INTRO.match(words)
    if intro and not names.could_be_first_name(intro.group(1)):
        return False  # "im exhausted from the ..." describes, it does not introduce
    if not _WORK_CUE.search(words):
        # Somewhere for now ("im at the park by the fountain, say hi") is not where to find
        # someone: only a habit ("most mornings") or a name with the place is.
        if not intro and not room and not _HABIT.search(words):
            return False
        venue, _ = _venue_cues()
        if venue.search(place):
            return False
    return True


# Words after a bare number that make it a time, a count or an amount, not a house number
# ("pick me up at 7 tonight", "meet me at 10 sharp").
_NOT_HOUSE_NUMBER = _NOT_STREET_WORDS | frozenset("""
tonight tomorrow today sharp ish noon midnight oclock hrs hr sec secs seconds outside inside
please pls plz thanks then lol okay ok if so bro there here eleven thirty fifteen forty fifty
latest earliest after before instead
""".split())
_MEET_PLACE = re.compile(r"\b(?:at|in|outside|behind|by|to) (?:the )?(.+?) (?:on|off|by|near|"
                         r"across from|next to|behind|at the corner of) (?:the )?(\S+)")
_WHEN = frozenset("""
monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays
fridays saturdays sundays weekend weekends weekday weekdays today tonight tomorrow time break
lunch my your his her our their its it the a an
""".split())
_ROUTE_OR_ORDINAL = re.compile(r"^(?:route|rt|highway|hwy|exit|i|interstate|us|county|cr|sr|"
                               r"state|\d{1,4}(?:st|nd|rd|th))$")


def _is_meetup(reading: Reading, hit: Hit) -> bool:
    """Arranging to meet one person counts at a home, a room or a place named by more than its
    kind ("the dennys on route 9", "42 linden"); where a group meets ("meet us at the diner on
    main after the meeting") is public, and a time is not a house number."""
    if _is_meeting_place(reading, hit):
        return False
    number = re.search(r"\b\d{1,5}[a-z]? ([a-z]{3,})\b", hit.words)
    if number and not re.search(r"\b(?:room|rm)\b", hit.words) \
            and not _MEET_PLACE.search(hit.words):
        return number.group(1) not in _NOT_HOUSE_NUMBER
    place = _MEET_PLACE.search(hit.words)
    if not place:
        return True  # a motel room, or a workplace named on its street
    if place.group(2) in _WHEN:
        return False  # "meet at the park on sunday" says when, not where on the map
    named = [w for w in place.group(1).split() if w not in _GENERIC_PLACE and not w.isdigit()]
    return bool(named) or bool(_ROUTE_OR_ORDINAL.match(place.group(2)))


_SCHOOL = re.compile(r"\b(?:at|to|attends?) (?:the )?([a-z0-9& .-]+?) (?:middle|high|elementary|"
                     r"academy|prep|primary|school|college)\b")
_SCHOOL_KINDS = frozenset("""
community state charter catholic christian junior technical tech boarding art arts magnet online
night grade kindergarten pre k special ed alternative continuation summer
""".split())


def _names_a_school(hit: Hit) -> bool:
    """A school counts only by its name ("lincoln high"), not its kind ("the high school", "a
    community college")."""
    return any(word not in _GENERIC_PLACE and word not in _SCHOOL_KINDS
               for school in _SCHOOL.findall(hit.words) for word in school.split())


# Words that stand for nobody in particular: "someone from my group works at a hospital"
# outs no one.
_NOBODY = frozenset("""
someone somebody anyone anybody everyone everybody people folks guy guys girl girls lady woman
man men women friend friends member members one some few lots many most all half
""".split())


def _counts(reading: Reading, hit: Hit, is_member_handle) -> bool:
    if hit.family == "identifying-info/birth-date":
        # a sober birthday is a date to celebrate, not a way to find anyone
        return not re.match(r"(?:sober|sobriety|clean|recovery|aa|na|program|spiritual) ",
                            hit.words)
    if hit.family == "identifying-info/outing" and hit.words.split()[:1] and \
            hit.words.split()[0] in _NOBODY:
        return False
    if hit.family == "identifying-info/meetup":
        return _is_meetup(reading, hit)
    if hit.family == "identifying-info/school":
        return _names_a_school(hit)
    if hit.family == "identifying-info/self-place":
        return _names_a_place(reading, hit)
    if hit.family == "identifying-info/email":
        return _is_email(hit)
    if hit.family == "identifying-info/phone":
        return _is_phone(hit) and not _is_reference_number(reading, hit)
    if hit.family == "identifying-info/plate":
        return _is_plate(hit)
    if hit.family == "identifying-info/address":
        return _is_address(hit) and not _is_meeting_place(reading, hit)
    if hit.family == "identifying-info/messenger":
        return not _mentions_a_member(hit, is_member_handle)
    return True


def _overlaps(hit: Hit, others: list[Hit]) -> bool:
    return any(hit.start < other.end and other.start < hit.end for other in others)


def _detail_start(reading: Reading, hit: Hit) -> int:
    """Where the detail itself starts: a phone number after "text me" starts at its digits."""
    if hit.family != "identifying-info/phone":
        return hit.start
    text = reading.folded.text
    starts = [i for i in range(hit.start, hit.end) if text[i] in "+(0123456789"]
    if not starts:
        return hit.start
    # "c4ll m3 555-0104": a digit typed for a letter of "me" or "to" before the number is not
    # its start (a code's letters and digits, "aa1 0123 ...", still are).
    word_start = starts[0]
    while word_start > 0 and text[word_start - 1].isalnum():
        word_start -= 1
    word_end = starts[0]
    while word_end < len(text) and text[word_end].isalnum():
        word_end += 1
    if text[word_start:word_end].translate(_LEET_ME) in ("me", "to", "mi"):
        return next((i for i in starts if i >= word_end), starts[0])
    return starts[0]


_LEET_ME = str.maketrans({"3": "e", "0": "o", "1": "i"})


def _in_original(reading: Reading, start: int, end: int) -> tuple[int, int] | None:
    """A folded span's place in the original text, trimmed to the detail itself."""
    text = reading.folded.text
    while start < end and not (text[start].isalnum() or text[start] in "+(@"):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == ")"):
        end -= 1
    if start >= end or reading.folded.starts is None:
        return None
    return reading.folded.span(start, end)


def details(reading: Reading, original: str, is_member_handle) -> list[Detail]:
    """Each family of contact details in a text, with its places in the original text."""
    by_family: dict[str, list[Hit]] = {}
    services = reading.in_group("promotion", "promotion/service-line")
    for hit in reading.in_group("contact"):
        if hit.family == "identifying-info/phone" and _overlaps(hit, services):
            continue  # a service's own line: held from new accounts as promotion, not personal
        if _counts(reading, hit, is_member_handle):
            by_family.setdefault(hit.family, []).append(hit)
    named = names.find(original)
    if not named:
        by_family.pop("identifying-info/workplace", None)
    found = []
    for family, hits in by_family.items():
        spans = [_in_original(reading, _detail_start(reading, h), h.end) for h in hits]
        found.append(Detail(family, tuple(dict.fromkeys(h.words for h in hits if h.words)),
                            [span for span in spans if span is not None]))
    if named:
        found.append(Detail("identifying-info/name", tuple(n for n, _ in named),
                            [span for _, span in named]))
    return found
