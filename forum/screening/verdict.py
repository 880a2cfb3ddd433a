"""From signals to one verdict, with its reasons.

Crisis is decided first and wins: a text with a crisis signal is published, its author is shown
help, and nothing else may hold, refuse or send it back (other boundaries become reasons on the
urgent review item instead). Then refusal (telling someone to hurt themselves), holds (sourcing,
contact details, promotion from new accounts), the content warning, and reports.
"""
from dataclasses import dataclass, field

import re2

from forum.screening import contact, model, sentence
from forum.screening.concepts import fire
from forum.screening.crisis import (CHECK_IN, URGENT, across_lines, assess_crisis, family_scores,
                                    leans, overlaps, said_or_heard_by_author, said_to_self,
                                    sentences_of)
from forum.screening.lexicon import Hit, lexicons
from forum.screening.reading import Reading

__all__ = ["CHECK_IN", "URGENT", "Context", "Finding", "Verdict", "crisis_across_lines", "decide"]
MAX_HITS_PER_CONCEPT = 24  # more of one concept adds nothing but time
MESSAGES = {
    "crisis": "It sounds like things may be really hard right now. You are not alone.",
    "sourcing": "Posts that look like buying, selling or asking where to get a substance wait "
                "for a moderator.",
    "identifying-info": "Please keep contact and identifying details off the forum: they can "
                        "identify you or someone else, and contact stays here, for everyone's "
                        "safety.",
    "promotion": "While your account is new, posts with links (other than help resources) or "
                 "contact details wait for a moderator. This keeps out spam and recruiters.",
    "graphic-use": "Detailed descriptions of use can be hard for others to read. Please add a "
                   "content warning so they can choose.",
    "harassment": "This can't be posted: it could hurt someone badly. Please speak from your own "
                  "experience.",
    "harassment-report": "Words that label or shame people are reported to the moderators.",
    "medical-advice": "Peers are not clinicians: dosing and tapering questions belong with a "
                      "prescriber.",
}


@dataclass(frozen=True)
class Finding:
    """One boundary a text touches: the family of signs, the words that fired, what to say."""

    boundary: str
    family: str
    words: tuple[str, ...]
    explanation: str

    @property
    def name(self) -> str:
        """A moderator's one-line reading: the family and the words."""
        return f"{self.family}: " + ", ".join(f"“{w}”" for w in self.words[:4])

    def as_json(self) -> dict:
        """As stored on a review item."""
        return {"boundary": self.boundary, "family": self.family, "words": list(self.words[:8])}


@dataclass
class Context:
    """What the verdict needs besides the text."""

    channel: str = "post"  # "post" or "message"
    has_warning: bool = False
    new_member: bool = False
    outside_links: tuple[str, ...] = ()  # rendered links to sites off the help allow-list
    is_member_handle: object = staticmethod(lambda handle: False)


@dataclass
class Verdict:
    """What the screening decided about one text, and why."""

    crisis_tier: str | None = None
    emergency: bool = False
    refuse: Finding | None = None
    hold: Finding | None = None
    needs_warning: Finding | None = None
    auto_warning: bool = False  # a crisis text that also needed a warning: published folded
    reports: list[Finding] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    mask_spans: list[tuple[int, int]] = field(default_factory=list)  # in the original text
    masked_text: str | None = None  # chat: the text with contact details masked
    # chat: no crisis alone, but something of one; read again with the member's last lines
    crisis_lean: bool = False
    # chat: how much the crisis word model hears in the line alone (read when it leans); the
    # word models hear the lines together only when it half-hears the line itself
    line_heard: float = 0.0

    @property
    def crisis(self) -> bool:
        """True when the author must be shown help now."""
        return self.crisis_tier is not None

    def reasons(self) -> list[str]:
        """Every boundary a moderator should see on the review item, crisis first."""
        found = (["crisis"] if self.crisis else []) + \
            ([self.refuse.boundary] if self.refuse else []) + \
            ([self.hold.boundary] if self.hold else []) + [r.boundary for r in self.reports]
        return list(dict.fromkeys(found))


def _finding(boundary: str, family: str, hits: list[Hit], message: str) -> Finding:
    words = tuple(dict.fromkeys(h.words for h in hits if h.words))
    return Finding(boundary, family, words, MESSAGES[message])


# --- crisis ------------------------------------------------------------------------------------

def _crisis(reading: Reading, verdict: Verdict) -> None:
    verdict.crisis_tier, verdict.emergency, counted = assess_crisis(reading)
    if verdict.crisis_tier is None and said_to_self(reading):
        # "k.y.s. is what I tell myself every morning": words turned on oneself are the
        # author's own pain, and ask at least for a check-in
        verdict.crisis_tier = CHECK_IN
        counted = [("crisis/told-to-self", said_to_self(reading))]
    for family, hits in counted:
        verdict.findings.append(_finding("crisis", family, hits, "crisis"))


# --- concepts and rules ------------------------------------------------------------------------

def _fired(reading: Reading, lexicon: str) -> list[Hit]:
    """The rules of a lexicon that fired, as hits; each concept keeps its first hits only, so a
    long text full of one word cannot make the meeting of concepts quadratic."""
    kept: dict[str, list[Hit]] = {}
    for hit in sorted(reading.in_group(f"{lexicon}-concepts"), key=lambda h: h.start):
        same = kept.setdefault(hit.family, [])
        if len(same) < MAX_HITS_PER_CONCEPT:
            same.append(hit)
    hits = [hit for same in kept.values() for hit in same]
    return [f.as_hit() for f in fire(lexicons().rules(lexicon), hits, reading.sentence_of)]


# --- sourcing ---------------------------------------------------------------------------------

def _menu(substances: list[Hit], prices: list[Hit]) -> bool:
    """Two or more substances each followed closely by a price: a price list."""
    priced = {s.start for s in substances for p in prices if 0 <= p.start - s.end <= 25}
    return len(priced) >= 2


# Concepts that say a deal's shape (an ask, a price, a quantity, a hand-over) but name nothing
# that is only a drug: beside a help object ("an Athletic Brewing 12 pack for $15", "where can
# I get Narcan for free") they are about the help object, so such a rule does not count.
_GENERIC = frozenset((
    "WANT", "ASK_HAVE", "QTY", "PRICE", "GOT", "SELL", "GIVEAWAY", "LOCATION", "NOW", "DELIVERY",
    "WHERE_GET", "PAYMENT", "SOURCE", "ASK_SELL", "CONTACT_ME", "NEEDY", "MEETUP", "DEAL",
    "REPLACE", "CHEAP", "STOCK"))


def _only_generic(hit: Hit) -> bool:
    """Whether a fired rule's concepts are all of the deal's shape, none a substance."""
    rules = lexicons().rules("sourcing")
    index = hit.pattern - 1000
    return 0 <= index < len(rules) and set(rules[index].all) <= _GENERIC


_AUTHOR_BEFORE = re2.compile(r"\b(?:i|we|id|i d|me and \w+)\b")  # the author, just before "used to"
# Between the author's past and the phrase, words that turn to now ("I used to know a plug but
# now I need one again, who's holding"): the phrase is no longer told as the past.
_BACK_TO_NOW = re2.compile(r"\b(?:but|now|again|these days|nowadays|today|tonight|back at it|"
                           r"anymore|rn|right now|currently)\b")


def _not_told_as_past(reading: Reading, strong: list[Hit]) -> list[Hit]:
    """The strong phrases not told as the author's own past: "I used to know where to score
    in every town" names the phrase, but its sentence opens on what the author used to do
    (and nothing between them turns back to now)."""
    if not strong:
        return strong
    past = [h for h in reading.in_group("sourcing-concepts")
            if h.family in ("concept/PAST", "concept/STORY")
            and _AUTHOR_BEFORE.search(reading.prose[max(0, h.start - 12):h.start + 1])]
    return [s for s in strong if not any(
        p.start < s.start and reading.sentence_of(p.start) == reading.sentence_of(s.start)
        and not _BACK_TO_NOW.search(reading.prose[p.end:s.start])
        for p in past)]


def _sourcing(reading: Reading) -> list[Hit] | None:
    """One unmistakable phrase, or a fired rule (an ask or offer with a substance, a price with
    a quantity, a payment with a meet-up...), or a price list."""
    strong = _not_told_as_past(reading, reading.in_group("sourcing", "sourcing/strong"))
    if strong:
        return strong
    fired = _fired(reading, "sourcing")
    if reading.help_objects:
        fired = [hit for hit in fired if not _only_generic(hit)]
    if fired:
        return fired
    concepts = reading.in_group("sourcing-concepts")
    substances = [h for h in concepts if h.family == "concept/SUBSTANCE"][:MAX_HITS_PER_CONCEPT]
    prices = [h for h in concepts if h.family == "concept/PRICE"][:MAX_HITS_PER_CONCEPT]
    if _menu(substances, prices):
        return substances + prices
    return None


# --- contact details ---------------------------------------------------------------------------

def _contact(reading: Reading, original: str, context: Context) -> list[tuple[Finding, list]]:
    """Each family of contact details found, with its places in the original text (chat masks
    them)."""
    return [(Finding("identifying-info", d.family, d.words, MESSAGES["identifying-info"]), d.spans)
            for d in contact.details(reading, original, context.is_member_handle)]


# --- graphic use, harassment, medical advice ---------------------------------------------------

def _graphic(reading: Reading) -> list[Hit] | None:
    """Phrase families adding up to 2 (a family's own cap first: mild recall counts once), or
    one fired rule (an act of use with its detail, recall with its sensations, a scene)."""
    fired = _fired(reading, "graphic")
    if fired:
        return fired
    families = lexicons().families
    hits = reading.in_group("graphic")
    scores = family_scores(hits)
    total = sum(min(score, families[family].get("cap", 2)) for family, score in scores.items())
    return hits if total >= 2 else None


def _harassment(reading: Reading) -> tuple[list[Hit], list[Hit]]:
    """(incitement, the rest): words a member uses of themselves, or reports someone else
    saying, do not count, nor an incitement phrase the author tells of as said to themselves.
    Incitement comes from phrases and from concept rules (you + a death + an urge; an order to
    do something lethal); shaming and mocking a path from concept rules too."""
    own = reading.in_group("self-reference")
    told_self = said_or_heard_by_author(reading)
    phrases = [h for h in reading.in_group("harassment") if h not in told_self]
    hits = [h for h in phrases + _fired(reading, "harassment") if not overlaps(h, own)]
    incitement = [h for h in hits if h.family == "harassment/incitement"]
    return incitement, [h for h in hits if h.family != "harassment/incitement"]


def _medical(reading: Reading) -> list[Hit] | None:
    """Telling others to stop their medication, or a dose or schedule aimed at others."""
    stop = reading.in_group("medical", "medical-advice/stop_meds")
    return stop or _fired(reading, "medical") or None


# --- promotion ---------------------------------------------------------------------------------

def _promotion(reading: Reading, context: Context, details: list) -> Finding | None:
    """A new account's link off the help allow-list, contact detail, site name or pointer to a
    paid offer ("link in bio", "use code"): held, named by the recruiting talk beside it."""
    if not context.new_member:
        return None
    hits = reading.in_group("promotion")
    pointers = [h for h in hits if h.family != "promotion/recruiting"]
    recruiting = [h for h in hits if h.family == "promotion/recruiting"]
    if not (context.outside_links or details or pointers):
        return None
    if recruiting:
        return _finding("promotion", "promotion/recruiting", recruiting + pointers, "promotion")
    words = tuple(context.outside_links[:4]) or (details[0][0].words if details else
                                                 tuple(h.words for h in pointers[:4]))
    return Finding("promotion", "promotion/new-account-link", words, MESSAGES["promotion"])


# --- the verdict -------------------------------------------------------------------------------

def _named(boundary: str, hits: list[Hit], message: str) -> Finding:
    """A finding named by the families that fired ("sourcing/ask+price-menu")."""
    kinds = dict.fromkeys(h.family.split("/", 1)[-1] for h in hits)
    return _finding(boundary, f"{boundary}/" + "+".join(kinds), hits, message)


def _model_finding(name: str, boundary: str, text: str) -> Finding | None:
    """What a boundary's word model hears when its rules found nothing (no model shipped for
    it: nothing), named by the words that weighed most."""
    found = model.score(text, name)
    if not found.fires:
        return None
    words = (*found.words, f"p={found.probability:.2f}")
    return Finding(boundary, f"{boundary}/word-model", words, MESSAGES[boundary])


# A word model is heard only on a text its boundary's own cues say it may be about: words
# weigh on their own ("anyone", "dm", "the"), so without a cue a model would hold a guitar for
# sale or warn on "withdrawal was rough, but it passed".
_SUBSTANCE_CUES = frozenset({"concept/SUBSTANCE", "concept/STREET"})
# ordinary goods for sale, help offered or needed, one's own past or story
_ORDINARY_GOODS = frozenset(f"concept/{name}" for name in (
    "GOODS", "EXPERIENCE", "HELPNEED", "STORY", "PAST"))
_USE_DETAILS = frozenset(f"concept/{name}" for name in (
    "USE", "TOOL", "BODY", "AMOUNT", "SENSATION", "RECALL", "SCENE_WD", "SCENE_OD", "DETAIL",
    "PEAK", "BODY_MORE", "BINGE", "QTY"))
_ACTS_OF_USE = frozenset(f"concept/{name}" for name in (
    "USE", "RECALL", "SCENE_WD", "SCENE_OD", "BINGE"))
_NOT_A_SCENE = frozenset(f"concept/{name}" for name in (
    "SEEKING", "GUIDE", "OWN_RX", "GENERAL_PAST"))


# An ask, an offer or a deal's shape: slang for a substance changes faster than any list
# ("tina", "choof", "the gas"), so the word model may also speak where the text is plainly
# trying to get or hand over something, though no substance on the list is named. A need, a
# time or a place alone ("I need someone tonight, anyone around?") is not such a shape.
_DEAL_CUES = frozenset(f"concept/{name}" for name in (
    "ASK_HAVE", "ASK_SELL", "ASK_TAIL", "WHERE_GET", "SOURCE", "GONE_SOURCE", "REPLACE",
    "VAGUE_NEED", "CONNECTOR", "MEETUP", "DEAL", "GOT", "SELL", "SPARE", "GIVEAWAY", "NEEDY",
    "CONTACT_ME", "PAYMENT", "PRICE", "QTY"))


def _sourcing_model_may_speak(reading: Reading) -> bool:
    """A substance or a street name is named, or an ask, offer or deal is made; and nothing
    says the text is about ordinary goods (a deal's words said of an everyday thing included),
    help (a help object such as naloxone or an alcohol-free drink named), or the author's own
    past."""
    kinds = {h.family for h in reading.in_group("sourcing-concepts")}
    if kinds & _ORDINARY_GOODS or reading.help_objects or reading.everyday_deal:
        return False
    return bool(kinds & (_SUBSTANCE_CUES | _DEAL_CUES))


# A graphic word model that is this sure needs less beside it: a scene told at some length in
# words no rule knows ("lap the wine up from a bowl", "packed the cotton into the spoon") still
# names an act of use or a substance and one kind of detail (a body part, a tool, an amount...),
# or two kinds of detail.
GRAPHIC_MODEL_SURE = 0.8
GRAPHIC_SCENE_WORDS = 15


def _graphic_model_may_speak(reading: Reading, probability: float = 0.0) -> bool:
    """An act of use (or a withdrawal or overdose scene) and a second kind of detail are
    named (a sensation, a tool, a body part...), or the model is sure of a scene told at some
    length that names an act of use or a substance and one kind of detail, or two kinds; and
    the text is not asking for help or guidance, about one's own prescription, or a habit of
    years told in passing."""
    kinds = {h.family for h in reading.in_group("graphic-concepts")}
    if kinds & _NOT_A_SCENE:
        return False
    if bool(kinds & _ACTS_OF_USE) and len(kinds & _USE_DETAILS) >= 2:
        return True
    if probability < GRAPHIC_MODEL_SURE or len(reading.prose.split()) < GRAPHIC_SCENE_WORDS:
        return False
    named = kinds & _ACTS_OF_USE or any(
        h.family in _SUBSTANCE_CUES for h in reading.in_group("sourcing-concepts"))
    return len(kinds & _USE_DETAILS) >= (1 if named else 2)


def _scene_cues(reading: Reading) -> bool:
    """A detail of use is named (a tool, the body, an amount, a sensation...), and nothing says
    the text asks for help or guidance or is about one's own prescription: the least a model
    needs before it may ask for a content warning."""
    kinds = {h.family for h in reading.in_group("graphic-concepts")}
    return bool(kinds & _USE_DETAILS) and not kinds & _NOT_A_SCENE


def _graphic_model_finding(reading: Reading) -> Finding | None:
    """What the graphic word model hears, where its gate lets it speak (scored once)."""
    if not _scene_cues(reading) or model.get("graphic") is None:
        return None  # the gate's least: nothing scored
    found = model.score(reading.prose, "graphic")
    if not found.fires or not _graphic_model_may_speak(reading, found.probability):
        return None
    words = (*found.words, f"p={found.probability:.2f}")
    return Finding("graphic-use", "graphic-use/word-model", words, MESSAGES["graphic-use"])


# Words aimed at someone else: "you" in its spellings, a member's @handle, a reply to someone.
_AIMED = re2.compile(r"(?:\b(?:you|youre|your|yours|yourself|youve|youll|youd|u|ur|urs|urself|ya|"
                     r"yall|te|tu|vete|usted)\b|@\w|\breply to\b|\bto (?:whoever|the (?:guy|girl|"
                     r"person|one|newcomer|lady|man|woman|member|poster|op) (?:who|that))\b|"
                     r"\bpeople like (?:you|u|him|her|them)\b)")
# The author speaking of themselves (outside quotation marks).
_FIRST_SINGULAR = re2.compile(r"\b(?:i|im|ive|id|ill|me|my|mine|myself|yo|mi)\b")
_QUOTED = re2.compile(r"'[^'\n]{1,200}'|\"[^\"\n]{1,200}\"")
# The incitement model's probability at which words aimed at someone else, with no word of the
# author's own, are read as the harasser's and not as the author's crisis.
_AIMED_ONLY_BAR = 0.8
# Care for the one spoken to, what someone said to the author, harm-reduction advice, survival
_NOT_INCITING = frozenset({"concept/CARE", "concept/NOT_URGING"})


def _own_words(reading: Reading) -> bool:
    """True when the author speaks of themselves outside quotation marks."""
    return _FIRST_SINGULAR.search(_QUOTED.sub(" ", reading.prose)) is not None


def _aimed(reading: Reading) -> bool:
    """True when the text speaks to someone else, outside the words of an incitement phrase the
    author says of themselves ("I kept hearing 'kill yourself' in my head")."""
    prose = reading.prose
    for hit in reading.in_group("harassment", "harassment/incitement"):
        prose = prose[:hit.start] + " " * (hit.end - hit.start) + prose[hit.end:]
    return _AIMED.search(prose) is not None


def _incitement_model_may_speak(reading: Reading) -> bool:
    """The text names death or harm and speaks to someone else ("you", an @handle, a reply) or
    to no one of the author's own ("pls relapse and die quietly"), and nothing in it cares for
    the one spoken to or reports what someone said to the author: a cry for help in the first
    person, a name called, or "please don't hurt yourself tonight" is never heard as words
    telling another to die."""
    kinds = {h.family for h in reading.in_group("harassment-concepts")}
    if "concept/HARM" not in kinds or kinds & _NOT_INCITING:
        return False
    if _own_words(reading):
        # the author's own words beside "you": aimed, unless they speak of their own death
        # ("if I died would you even care")
        return _aimed(reading) and not reading.in_group("crisis")
    return True


def _incitement_heard(reading: Reading) -> Finding | None:
    """What the incitement word model hears where the incitement phrases are silent, named as
    incitement (refused, reported) by the words that weighed most."""
    if not _incitement_model_may_speak(reading):
        return None
    found = _model_finding("incitement", "harassment", reading.prose)
    if found is None:
        return None
    return Finding("harassment", "harassment/incitement", ("word model", *found.words),
                   found.explanation)


def _harassers_words(reading: Reading, findings: list[Finding]) -> bool:
    """True when crisis words are the harasser's: the incitement model heard the text strongly,
    it is aimed at someone else, and the author says nothing of themselves outside quotes
    ("sending you a rope", "to the guy who keeps posting about wanting to die: do it")."""
    heard = next((f for f in findings if f.family == "harassment/incitement"
                  and f.words[:1] == ("word model",)), None)
    if heard is None or not _aimed(reading) or _own_words(reading):
        return False
    return model.score(reading.prose, "incitement").probability >= _AIMED_ONLY_BAR


def _sentence_finding(boundary: str, reading: Reading, context: Context) -> Finding | None:
    """What the sentence model hears of a boundary where its rules and word model are silent,
    named by the sentence that reads most like it (the same reading as the crisis one)."""
    reader = model.in_use(sentence.NAME, sentence.shipped)
    found = None if reader is None else reader.heard_as(
        boundary, sentences_of(reading.prose, reading), context.channel == "message")
    if found is None or not found.fires:
        return None
    return Finding(boundary, f"{boundary}/sentence-model",
                   (f'"{found.sentence}"', f"p={found.probability:.2f}"), MESSAGES[boundary])


def _boundaries(reading: Reading, context: Context, details: list,
                crisis: bool = False) -> list[Finding]:
    """Every boundary other than crisis that the text touches, most serious first; a word
    model speaks for incitement, sourcing or graphic use only where their rules are silent, and
    the sentence model for sourcing, contact details or graphic use only where both are, and
    not on a crisis (which wins over them: they would only be reasons on its item)."""
    incitement, other_harm = _harassment(reading)
    sourcing, graphic, medical = _sourcing(reading), _graphic(reading), _medical(reading)
    promotion = _promotion(reading, context, details)
    heard = None if incitement else _incitement_heard(reading)
    findings = [_finding("harassment", "harassment/incitement", incitement, "harassment")] \
        if incitement else ([heard] if heard else [])
    heard = None if sourcing or not _sourcing_model_may_speak(reading) else \
        _model_finding("sourcing", "sourcing", reading.goods)
    heard = heard or (None if sourcing or crisis else
                      _sentence_finding("sourcing", reading, context))
    findings += [_named("sourcing", sourcing, "sourcing")] if sourcing else \
        ([heard] if heard else [])
    heard = None if details or crisis else \
        _sentence_finding("identifying-info", reading, context)
    findings += [f for f, _ in details] + ([heard] if heard else []) + \
        ([promotion] if promotion else [])
    heard = None if graphic else _graphic_model_finding(reading)
    heard = heard or (None if graphic or crisis else
                      _sentence_finding("graphic-use", reading, context))
    findings += [_named("graphic-use", graphic, "graphic-use")] if graphic else \
        ([heard] if heard else [])
    for family in dict.fromkeys(h.family for h in other_harm):
        findings.append(_finding("harassment", family,
                                 [h for h in other_harm if h.family == family],
                                 "harassment-report"))
    findings += [_named("medical-advice", medical, "medical-advice")] if medical else []
    return findings


def decide(reading: Reading, original: str, context: Context) -> Verdict:
    """One verdict for a text: crisis first, then refusal, holds, warnings and reports."""
    verdict = Verdict()
    _crisis(reading, verdict)
    if context.channel == "message" and not verdict.crisis:
        verdict.crisis_lean = leans(reading)
        if verdict.crisis_lean and model.get("crisis") is not None:
            verdict.line_heard = model.score(reading.prose, "crisis").probability
    contact_details = _contact(reading, original, context)
    findings = _boundaries(reading, context, contact_details, verdict.crisis)
    if verdict.crisis and not verdict.emergency and (
            _harassers_words(reading, findings) or _read_by_a_boundary(verdict, findings)):
        verdict.crisis_tier = None
        verdict.findings = [f for f in verdict.findings if f.boundary != "crisis"]
    verdict.findings += findings
    if context.channel == "message":
        verdict.mask_spans = [span for _, spans in contact_details for span in spans]
    _assign(verdict, findings, context)
    return verdict


# Boundaries whose rules name what a text is more closely than the sentence model can: an ask
# or offer of drugs, contact details, an ad, words aimed at someone else.
_NAMED_BY_RULES = ("sourcing", "identifying-info", "promotion", "harassment")


def _read_by_a_boundary(verdict: Verdict, findings: list[Finding]) -> bool:
    """True when the only crisis sign is the sentence model's and a boundary's rules have read
    the text as something else ("could anybody plug me in, just need to get right" is an ask,
    held for a moderator): the model's guess gives way to the rules' reading, so a hold is never
    lost to it. Where the rules found a crisis, where only the model hears the other boundary
    too, or where the text asks only for a content warning, crisis still wins."""
    return all(f.family == "crisis/sentence-model" for f in verdict.findings
               if f.boundary == "crisis") and any(
        f.boundary in _NAMED_BY_RULES and not f.family.endswith("/sentence-model")
        for f in findings)


def _assign(verdict: Verdict, findings: list[Finding], context: Context) -> None:
    """Turn findings into acts: what refuses, holds, asks for a warning or is reported."""
    first = lambda boundary: next((f for f in findings if f.boundary == boundary), None)  # noqa
    chat = context.channel == "message"
    incitement = next((f for f in findings if f.family == "harassment/incitement"), None)
    heard_details = next((f for f in findings if f.family == "identifying-info/sentence-model"),
                         None)
    holds = [first("sourcing"), first("identifying-info"), first("promotion")]
    if verdict.crisis:
        # Crisis wins: everything else becomes a reason on the urgent item, never a barrier.
        verdict.auto_warning = bool(first("graphic-use")) and not context.has_warning
        verdict.reports = [f for f in findings if f.boundary != "crisis"]
        return
    if incitement:
        verdict.refuse = incitement
    elif chat and (first("sourcing") or first("promotion") or heard_details):
        # Contact details the rules find in chat are masked in the published line; details only
        # the sentence model hears leave nothing to mask, so the line is refused with the reason
        # and the member can say it another way (measured on blind5-8: 5 more of 100 chat lines
        # with details kept back, no ordinary line refused).
        verdict.refuse = first("sourcing") or first("promotion") or heard_details
    if not chat:
        verdict.hold = next((f for f in holds if f is not None), None)
        if first("graphic-use") and not context.has_warning:
            verdict.needs_warning = first("graphic-use")
    acted = {id(verdict.refuse), id(verdict.hold), id(verdict.needs_warning)}
    verdict.reports = [f for f in findings if id(f) not in acted and (
        f.boundary in ("harassment", "medical-advice") or (chat and f.boundary == "graphic-use"))]
    if incitement and incitement not in verdict.reports:
        verdict.reports.insert(0, incitement)


def crisis_across_lines(verdict: Verdict, previous: Reading, joined: Reading) -> bool:
    """Make a chat line's verdict a crisis when it and the member's few lines before it are
    one together (crisis.across_lines): the crisis wins as in decide, everything else becomes a
    reason on its item. True when it did."""
    tier, emergency, counted = across_lines(previous, joined, verdict.line_heard)
    if tier is None:
        return False
    verdict.crisis_tier, verdict.emergency, verdict.crisis_lean = tier, emergency, False
    others = [f for f in verdict.findings if f.boundary != "crisis"]
    verdict.findings = [_finding("crisis", family, hits, "crisis") for family, hits in counted] \
        + others
    verdict.refuse = verdict.hold = verdict.needs_warning = None
    verdict.reports = others
    return True
