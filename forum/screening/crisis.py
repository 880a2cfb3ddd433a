"""Crisis: whether a text is a cry for help, how urgent, and whether a life is in danger now.

Phrase families (crisis.json "families") and combinations of ideas (its "concepts" and "rules")
both give signals; each family adds once to the score, its distinct signs added up to 2. A score
of 2 is urgent, 1 a check-in; being drunk or high raises any despair to urgent. A signal counts
for less when its sentence speaks of the past, of someone else's death, of an awareness event or
of help for others (context.json), unless the same sentence says it is now; an overdose happening
now is lowered only by the past. Idioms ("this craving is killing me") and words telling someone
*else* to hurt themselves never count as the author's crisis.
"""
import re
from dataclasses import replace

import re2

from forum.screening import meaning, model, sentence
from forum.screening.concepts import fire
from forum.screening.lexicon import Hit, lexicons
from forum.screening.reading import Reading

URGENT, CHECK_IN = "urgent", "check_in"
_MAX_HITS_PER_CONCEPT = 24
_LOWERING = frozenset({"context/past", "context/someone-elses-death", "context/awareness",
                       "context/help-for-others", "context/survived"})


def overlaps(hit: Hit, others: list[Hit]) -> bool:
    """True when the hit shares any character with one of the others."""
    return any(hit.start < other.end and other.start < hit.end for other in others)


def family_scores(hits: list[Hit], cap: int = 2) -> dict[str, int]:
    """Each family's score: its distinct signs' weights added, up to the cap."""
    per_family: dict[str, dict[int, int]] = {}
    for hit in hits:
        per_family.setdefault(hit.family, {})[hit.pattern] = hit.weight
    return {family: min(cap, sum(weights.values())) for family, weights in per_family.items()}


def _lowered(reading: Reading, hit: Hit) -> bool:
    sentence = reading.sentence_of(hit.start)
    context = [c for c in reading.in_group("context") if reading.sentence_of(c.start) == sentence]
    emergency = lexicons().families[hit.family].get("emergency")
    wish_now = [c for c in context if c.family == "context/not-past"]
    if any(c.family == "context/past-strong" and not overlaps(c, wish_now) for c in context):
        return True  # years ago: a present word does not undo that, but "I wish the overdose
        # in 2022 had finished the job" is a wish now about then
    if _not_own_voice(reading, hit) and \
            not reading.in_group("context", "context/relates-to-song"):
        return True  # "if you can't see a future", "the song I don't wanna live forever"
    if not emergency and _sung(reading, sentence):
        return True  # "karaoke tonight, the one where he wishes he was dead in the second verse"
    if _dreamt(reading, hit):
        return True  # "had a dream I was using again": the dream's, not the night's
    context = _this_clause_if_past(reading, hit, context)
    if any(c.family == "context/quote" for c in context) and not (
            emergency and any(c.family == "context/reported-now" for c in context)):
        return True  # someone else's words, unless they report their own overdose now
    not_past = [c for c in context if c.family == "context/not-past"]
    context = [c for c in context if not (c.family == "context/past" and overlaps(c, not_past))]
    if _present(reading, context):
        return False
    if emergency and _survived_story(reading, after=hit.start):
        return True  # a past scene told by someone who came through it, whichever sentence
    if emergency and _past_scene(reading, sentence):
        return True  # "the night he OD'd", "that night in 2019": a story, not now

    # "I need to call someone but I also have the pills in my hand": the help is the author's
    # own need, and the clause after "but I" is theirs.
    # "please talk to me before I do something stupid": a plea for the author, not advice.
    context = [c for c in context if c.family != "context/help-for-others"
               or not (c.end <= hit.start and _BUT_I.search(reading.prose[c.end:hit.start]))
               and not _TO_ME.match(reading.prose, c.end)]
    lowering = {"context/past", "context/help-for-others", "context/survived"} \
        if emergency else _LOWERING
    if any(c.family in lowering for c in context):
        return True
    return not emergency and _told_from_recovery(reading, sentence)


# Between a dream word and the sign after it, words saying it happened for real.
_DREAM_WAS_REAL = re2.compile(r"\b(?:woke up and|then i|and then|for real|in real life|irl|really did|"
                              r"actually did|now|but|tonight|right now|rn)\b")


def _dreamt(reading: Reading, hit: Hit) -> bool:
    """True when the sign follows a dream word in its own sentence ("had a dream last night
    that I was using again"), with nothing between them saying it was real."""
    sentence = reading.sentence_of(hit.start)
    for dream in reading.in_group("context", "context/dream"):
        if reading.sentence_of(dream.start) == sentence and dream.end <= hit.start and \
                not _DREAM_WAS_REAL.search(reading.folded.text[dream.end:hit.start]):
            return True
    return False


_BUT_I = re2.compile(r"\b(?:but|and) (?:i|im|i am|ive)\b")
_TO_ME = re.compile(r" (?:me|us)\b")
_CONDITIONAL = re2.compile(r"\b(?:if|when|once|after|wish|hope|unless|whether)\s*$")


# Just before a crisis phrase, words that make it someone else's voice: a reader addressed in
# general ("if you can't see a future right now"), or a title or a lyric ("the song I don't
# wanna live forever").
_OTHER_VOICE = re2.compile(
    r"\b(?:if|when|whenever|even if) (?:you|u|youre|ur|yall|you all|anyone|anybody|someone|"
    r"somebody|people)(?: (?:ever|still|really|just|also|sometimes|often|feel|feel like|are|re|"
    r"can|cant|start|begin))? ?$|"
    r"\b(?:song|songs|lyric|lyrics|track|album|movie|film|book|novel|memoir|"
    r"show|episode|poem|podcast|titled|called|chorus|verse)(?: [a-z0-9]+){0,3} ?\"?$|"
    # what a song, book or film is about ("it's about a kid thinking about suicide")
    r"\b(?:its|it is|s|was|song is|book is|movie is|film is|poem is) about (?:a|an|this|some|the) "
    r"(?:kid|guy|girl|man|woman|boy|teen|teenager|character|soldier|person|mother|father|"
    r"young (?:man|woman))(?: who| whos| that)? ?$")


def _not_own_voice(reading: Reading, hit: Hit) -> bool:
    """True when the words just before the phrase give it to a general reader or a title
    ("if you ask me, I want to die" and "if anyone sees this, tell my sister" stay the
    author's own: the phrase must be the conditional's own verb)."""
    return bool(_OTHER_VOICE.search(reading.prose[max(0, hit.start - 48):hit.start]))


def _sung(reading: Reading, sentence: int) -> bool:
    """True when the sentence sings or quotes a song ("karaoke", "the lyrics", "the second
    verse") and the author nowhere says its words are theirs too ("that's me right now")."""
    if not any(reading.sentence_of(c.start) == sentence
               for c in reading.in_group("context", "context/song")):
        return False
    return not reading.in_group("context", "context/relates-to-song")


# Just before a despair word, a negation that takes it back ("bummed but not hopeless", "not
# really suicidal"); "not just hopeless" adds to it, and "I don't want to live" is no negation
# of danger (the phrase holds its own "don't").
_NEGATED_BEFORE = re2.compile(
    r"\b(?:not|never|no longer|isnt|arent|wasnt|werent|aint|nor)(?: (?:really|that|so|too|even|"
    r"feeling|feel|actually|totally|completely|quite|exactly|remotely|at all|being|been))? $")
# After it, words that keep the danger open ("not suicidal yet", "won't kill myself tonight").
_NEGATION_VOID = re2.compile(r"^[^.!?\n]{0,25}\b(?:yet|tonight|tonite|for now|this time)\b")


# Just after a crisis phrase in a chat line, the author taking it back as a joke ("im gonna kill
# myself lol jk", "i want to die (just kidding)"); words that keep it open after the joke
# ("jk... unless", "jk not really", "jk kinda") undo the taking back, and "not joking" is no joke.
_JOKE_AFTER = re2.compile(r"^[^.!?\n]{0,12}?(?:^|[^a-z])(?:jk|j k|jkjk|just kidding|just joking|"
                          r"im kidding|im joking|kidding|joking)\b")
_JOKE_UNDONE = re2.compile(r"^[^!?\n]{0,30}\b(?:unless|not really|kinda|kind of|sort of|or am i|"
                           r"maybe not|half|mostly|i wish)\b")
_NOT_JOKING = re2.compile(r"\b(?:not|no|aint|isnt) (?:a )?(?:jk|joking|kidding|joke)\b")


# The families whose plain words stay a check-in when taken back as a joke, and the slang that
# does not ("kms lol jk" is banter).
_PLAIN_WISH = frozenset({"crisis/explicit", "crisis/wish-to-die"})
_SLANG_WISH = re2.compile(r"\b(?:kms|kys|unalive|sewerslide|ctb)\b")
# ... nor a threat made of an everyday "if" in its own sentence ("if I fail this exam I'm gonna
# kill myself lol jk").
_IF_BEFORE = re2.compile(r"\bif\b[^.!?\n]*$")


def _joked(reading: Reading, hit: Hit) -> bool:
    """True when the words right after the phrase take it back as a joke, and nothing after
    keeps it open (see above)."""
    after = reading.prose[hit.end:hit.end + 60]
    found = _JOKE_AFTER.search(after[:40])
    if not found or _NOT_JOKING.search(after):
        return False
    return not _JOKE_UNDONE.search(after[found.end():])


def _negated(reading: Reading, hit: Hit) -> bool:
    """True when a negation just before the phrase takes it back, in its own clause."""
    return bool(_NEGATED_BEFORE.search(reading.prose[max(0, hit.start - 40):hit.start])) and \
        not _NEGATION_VOID.search(reading.prose[hit.end:hit.end + 40])


# Concepts that put a means or a plan in the text: a reassurance beside them is no reassurance.
_MEANS_AT_HAND = frozenset({"concept/MEANS", "concept/PREP", "concept/HARM_ACT", "concept/TOOK",
                            "concept/ALLMUCH", "concept/STRONG_AMOUNT", "concept/HEIGHT",
                            "concept/PLACE_NOW", "concept/DANGER_NOW"})


# After "I'd rather die than ...", words taking the hyperbole back as a plan ("... and tonight I
# think I will").
_HYPERBOLE_TAKEN_BACK = re2.compile(
    r"^[^\n]{0,80}\b(?:tonight|tonite|today|now|this time)\b[^.!?\n]{0,25}"
    r"\bi (?:think |really |just )?(?:will|might|could|am going to|m going to|m gonna|am gonna)\b|"
    r"^[^\n]{0,80}\bi (?:think |just )?(?:will|might) (?:tonight|today|now|this time)\b")


# Where one clause of a sentence ends and the next begins ("I used to cut, these days I run").
_CLAUSE_BREAK = re2.compile(r"[,:;]|\b(?:but|now|these days|nowadays|today|since then)\b")
# Words saying a past harm is back ("I used to cut, now I'm doing it again").
_BACK_AGAIN = re2.compile(r"\b(?:again|back|relapsed|restarted|started|still)\b")


def _this_clause_if_past(reading: Reading, hit: Hit, context: list[Hit]) -> list[Hit]:
    """The sentence's context, less the present cues of other clauses when the phrase's own
    clause speaks of the past: "used to burn myself, these days I just go to the gym" is a
    past habit and a present remedy, not a present harm."""
    def clause_apart(a: Hit, b: Hit) -> bool:
        """A clause break between the two, or the later one opening a clause ("these days")."""
        low, high = (a, b) if a.start < b.start else (b, a)
        return bool(_CLAUSE_BREAK.search(reading.folded.text[low.end:max(low.end, high.end)]))
    past = [c for c in context if c.family in ("context/past", "context/past-strong")
            and not clause_apart(c, hit)]
    if not past or _BACK_AGAIN.search(reading.sentence_text(reading.sentence_of(hit.start))):
        return context  # "I used to cut myself, now I'm doing it again": it is back
    return [c for c in context if c.family != "context/present" or not clause_apart(c, hit)]


# A sentence that tells of the author in the simple past ("I wrote a note, I gave my guitar to
# my brother") and nothing that says it is now or recent.
_NARRATIVE_PAST = re2.compile(r"\b(?:i|we) (?:was|were|had|wrote|gave|tried|thought|said|took|went|"
                              r"drank|felt|wanted|planned|cut|burned|burnt|overdosed|kept|spent|"
                              r"got|did|didnt|couldnt|wasnt|woke|ended up|started|stopped|"
                              r"swallowed|sat|stood|drove|walked|lost|hit|hated|believed)\b")
_NOT_NARRATIVE = re2.compile(r"\b(?:im|i am|ive|i have|i keep|i want|i wanna|i feel|i cant|i dont|"
                             r"i need|i wish|i think|i know|i just|i will|ill|id|i would|i still|"
                             r"i plan|i m|i hope|i pray|i miss|i see|i get|i go|i sit|i lie|i look|"
                             r"today|tonight|tonite|yesterday|last night|"
                             r"last (?:week|weekend|month)|the other (?:night|day)|"
                             r"(?:a few|two|three|couple of|a couple of) (?:days|nights) ago|"
                             r"this (?:week|morning|"
                             r"weekend|month|year)|right now|rn|now|lately|again|recently|just|"
                             r"anymore|these days|currently|still)\b")


def _told_from_recovery(reading: Reading, sentence: int) -> bool:
    """True when the sentence is a scene in the simple past, with nothing saying now or
    recently, in a text that anchors its story back in time ("six years ago", "in 2016", "at
    nineteen I was") and tells it from a recovered present ("since then", "years later", "I'm
    forty-four now"): a crisis told from recovery, not a crisis now."""
    text = reading.sentence_text(sentence)
    if not _NARRATIVE_PAST.search(text) or _NOT_NARRATIVE.search(text):
        return False
    context = reading.in_group("context")
    told_back = any(c.family in ("context/past-strong", "context/past-anchor") for c in context)
    return told_back and any(c.family == "context/recovered-now" for c in context)


# Words that put a sentence in the present whatever story the text tells.
_NOW = re2.compile(r"\b(?:just (?:took|swallowed|did|shot|found|told|said|texted|called)|right now|"
                   r"now|rn|currently|tonight|tonite|is|are|im|isnt|cant|wont|hes|shes|theyre|"
                   r"please|help me|what do i do|what should i do|911|ambulance is)\b")


def _present(reading: Reading, context: list[Hit]) -> bool:
    """True when a sentence's context says it is now ("again", "tonight"), not counting
    "never again"."""
    not_present = reading.in_group("context", "context/not-present")
    return any(c.family == "context/present" and not overlaps(c, not_present) for c in context)


def _past_scene(reading: Reading, sentence: int) -> bool:
    """True when the text frames an overdose as a story from before ("when I OD'd the first
    time", "that night in 2019", "back then") and neither the text's context nor the sentence
    itself says it is happening now."""
    context = reading.in_group("context")
    if not any(c.family == "context/past-scene" for c in context):
        return False
    if _present(reading, context):
        return False
    return not _NOW.search(reading.sentence_text(sentence))


def _blank(text: str, hits: list[Hit]) -> str:
    """The text with the hits' spans replaced by spaces (same length), in one pass."""
    pieces, last = [], 0
    for hit in sorted(hits, key=lambda h: h.start):
        start, end = max(hit.start, last), min(hit.end, len(text))
        if start < end:
            pieces += [text[last:start], " " * (end - start)]
            last = end
    return "".join(pieces) + text[last:]


def _survived_story(reading: Reading, after: int = 0) -> bool:
    """True when the text tells of an overdose someone came through (after the place given:
    "lips purple ... till he came round" is over, "he came around but he's going back under"
    is not): someone else "came round", or the author "came to" in a text that also speaks
    of the past."""
    context = reading.in_group("context")
    survived = [c for c in context if c.family == "context/survived" and c.start >= after]
    if any(not c.words.startswith(("i ", "we ")) for c in survived):
        return True
    return bool(survived) and any(c.family in ("context/past", "context/past-strong")
                                  for c in context)


# Concepts that give a phrase an ordinary cause ("can't do this anymore" said to a printer, a
# rope for the swing, tonight's pills as prescribed): a phrase they rule out is not heard by
# the word model either.
_ORDINARY_CAUSES = frozenset({"DONE_WITH_THING", "ORDINARY_OUTING", "ASPRESCRIBED", "SOBER_ACTION",
                              "BURDEN_FOR_A_TASK"})


def _excluded(reading: Reading, hit: Hit, only: frozenset[str] | None = None,
              near: int = 1) -> bool:
    """True when the phrase's family names concepts that rule it out in the same sentence
    ("took all my meds *as prescribed*", "*if you ever find* someone not breathing"); `only`
    limits the concepts considered."""
    unless = [c for c in lexicons().families[hit.family].get("none", ())
              if only is None or c in only]
    if not unless:
        return False
    sentence = reading.sentence_of(hit.start)
    return any(abs(reading.sentence_of(c.start) - sentence) <= near
               for concept in unless
               for c in reading.in_group("crisis-concepts", f"concept/{concept}"))


_SECOND_PERSON = re2.compile(r"\b(?:you|youre|your|yours|yourself|u|ur|ya|yall)\b")
_FIRST_PERSON = re2.compile(r"\b(?:i|im|ive|id|ill|me|my|myself|mine)\b")


def _aimed_elsewhere(reading: Reading) -> list[Hit]:
    """Sentences, as spans, that tell someone else to hurt themselves or call someone else
    names: a crisis word there ("go kill yourself, you're a waste of space", "you're a
    worthless drunk") is the harasser's, not the author's own crisis."""
    spans = []
    own = reading.in_group("self-reference")
    for hit in reading.in_group("harassment"):
        if overlaps(hit, own):
            continue
        sentence = reading.sentence_of(hit.start)
        text = reading.sentence_text(sentence)
        if not _SECOND_PERSON.search(text) or _FIRST_PERSON.search(text):
            continue
        start = reading._sentence_ends[sentence - 1] if sentence > 0 else 0
        end = reading._sentence_ends[sentence] if sentence < len(reading._sentence_ends) \
            else len(reading.folded.text)
        spans.append(Hit(hit.family, 0, start, end, "", 0))
    return spans


# The author telling of words turned on themselves: their own head, what they tell themselves,
# what someone once said to them.
_SAID_TO_SELF = re2.compile(
    r"\b(?:myself|my (?:head|brain|mind|thoughts|ex|dad|mom|mother|father)|to me|at me|in my head|"
    r"voices?|i (?:tell|told|keep telling|hear|heard|kept hearing|keep hearing)|used to (?:say|"
    r"tell me)|said to me|told me|tells me|telling me|keeps saying|kept saying|"
    r"me (?:dijo|dice|decia|escribio|grito|mando|disse|diz|dizia|escreveu|gritou))\b")


# Just before an order-like phrase ("go die", "just od"), the author as its subject: "guess I'll
# just go die lol", "imma go die", "I might as well go die" are the author's own crisis, never
# words telling someone else to die. Only a first-person subject, then a few helper words.
_OWN_SUBJECT = re2.compile(
    r"\b(?:i|ill|i will|im|i am|imma|ima|id|i would|i should|i could|i can|i might|i may|i gotta|"
    r"i guess|i wanna|i want to|i need to|guess ill|time for me to|let me|"
    r"(?:^|[.!?,;\n] *)(?:\w+ )?(?:might as well|may as well|time to))"
    r"(?: (?:just|gonna|going to|gunna|finna|probably|prob|prolly|should|shall|might|may|as well|"
    r"will|literally|actually|honestly|maybe|then|go|gotta|need to|want to|wanna|rather|better|"
    r"bout to|about to|to|and|really|simply|finally|lowkey|fr))* ?$")


def _said_by_author_of_self(reading: Reading, hit: Hit) -> bool:
    """True when the phrase's subject is the author ("ill just go die"), with no "you" in it
    or in the words before it in its sentence ("i hope you relapse" is aimed)."""
    sentence = reading.sentence_of(hit.start)
    start = reading._sentence_ends[sentence - 1] if sentence > 0 else 0
    before = reading.prose[max(start, hit.start - 60):hit.start]
    return bool(_OWN_SUBJECT.search(before)) and not _SECOND_PERSON.search(
        before + " " + reading.prose[hit.start:hit.end])


# Just before an incitement phrase, a feeling or a thought put as a condition: "if you ever feel
# like you should end it", "when you think you should just die". With care in the text (reach
# out, call a line, talk to someone) it is the opposite of an order; without it ("if you feel
# like you should kys, do it") it is still read as one.
_IF_YOU_FEEL = re2.compile(
    r"\b(?:if|when|whenever|anytime|any time)(?: (?:you|u|anyone|someone|somebody|they|people))"
    r"(?: ever| ever start to| start to| start| begin to)? (?:feel|feels|felt|think|thinks|thought|"
    r"are thinking|re thinking|believe|hear yourself thinking|catch yourself thinking)"
    r"(?: like| that)?(?: (?:you|u|they) (?:should|might as well|need to|want to|wanna))?"
    r"[^.!?\n]{0,12}$")


def _care_in(reading: Reading) -> bool:
    """True when the text cares for the one it speaks to (harassment.json's CARE concept) or
    names a help line or help site (blanked from the prose the concepts read)."""
    return reading.help_named or any(h.family == "concept/CARE"
                                     for h in reading.in_group("harassment-concepts"))


def incitement_phrases(reading: Reading) -> list[Hit]:
    """The incitement phrases that tell someone else to hurt themselves: not one the author says
    to or of themselves, in a sentence in the first person with no "you" ("k.y.s. is what I
    tell myself every morning", "kys is what my ex used to say and he was right"), nor one
    whose subject is the author ("guess ill just go die lol"), which is the author's own pain
    and read as such."""
    found = []
    for hit in reading.in_group("harassment", "harassment/incitement"):
        if _said_by_author_of_self(reading, hit):
            continue
        if _IF_YOU_FEEL.search(reading.prose[max(0, hit.start - 60):hit.start]) and \
                _care_in(reading):
            continue  # "if you ever feel like you should end it, please reach out"
        # the words around it, without its own ("kill yourself" is not a "you")
        rest = reading.prose[max(0, hit.start - 80):hit.start] + " " + \
            reading.prose[hit.end:hit.end + 80]
        if _SAID_TO_SELF.search(rest) and not _SECOND_PERSON.search(rest):
            continue
        found.append(hit)
    return found


# Of those, the ones the author hears inside: their own head, what they tell themselves now.
_INNER_VOICE = re2.compile(
    r"\b(?:myself|my (?:head|brain|mind|thoughts)|in my head|voices?|i (?:tell|keep telling|hear|"
    r"kept hearing|keep hearing)|keeps saying|keeps telling me)\b")


def said_or_heard_by_author(reading: Reading) -> list[Hit]:
    """Incitement phrases told of as said to the author or heard inside (see above)."""
    aimed = incitement_phrases(reading)
    return [h for h in reading.in_group("harassment", "harassment/incitement") if h not in aimed]


def said_to_self(reading: Reading) -> list[Hit]:
    """Incitement phrases the author hears inside, turned on themselves ("k.y.s. is what I tell
    myself every morning", "my brain keeps saying kys"): not what someone once said to them."""
    aimed = incitement_phrases(reading)
    return [h for h in reading.in_group("harassment", "harassment/incitement") if h not in aimed
            and _INNER_VOICE.search(reading.prose[max(0, h.start - 80):h.start] + " " +
                                    reading.prose[h.end:h.end + 80])]


def signals(reading: Reading) -> list[Hit]:
    """Every crisis signal that counts: phrases and fired rules, without idioms, words aimed at
    someone else, or what its context lowers."""
    return _signals_and_set_aside(reading)[0]


def _signals_and_set_aside(reading: Reading) -> tuple[list[Hit], list[Hit]]:
    """(the signals that count, the phrases set aside in place: ruled out or idioms)."""
    fired = [f.as_hit() for f in fire(lexicons().rules("crisis"), reading.in_group("crisis-concepts"),
                                      reading.sentence_of)]
    reassured_aside: list[Hit] = []
    incitement = incitement_phrases(reading) + \
        _aimed_elsewhere(reading)
    # "I died" is an idiom ("I died laughing"), "if I died" is not; "jk" is no joke when it
    # is taken back ("not even joking", "jk... not really").
    idioms = [c for c in reading.in_group("context") if c.family == "context/idiom"
              and not _CONDITIONAL.search(reading.prose[max(0, c.start - 12):c.start])
              and not _joke_undone(reading, c)
              and not ("rather die" in c.words
                       and _HYPERBOLE_TAKEN_BACK.search(reading.prose[c.end:c.end + 120]))]
    # "not suicidal, just tired", "I'm not going to do anything stupid": set aside as idioms,
    # unless the means are at hand ("got the rifle out of the safe. I'm not going to do anything
    # stupid, I just wanted to hold it" is the classic ambivalent plan); a means an idiom
    # explains ("taking Friday off") is none.
    if not any(c.family in _MEANS_AT_HAND and not overlaps(c, idioms)
               for c in reading.in_group("crisis-concepts")):
        reassured = reading.in_group("context", "context/reassurance")
        idioms += reassured
        taken_back = _taken_back_by_reassurance(reading, reassured, fired)
        idioms += taken_back
        fired = [h for h in fired if not any(h is t for t in taken_back)]
        # for the word model, their sentences go too ("everything is grey")
        reassured_aside = [_whole_sentence(reading, h) for h in taken_back]
    # "I didn't want to die": a wish phrase said in the negative is not one (the rules read
    # "I don't want to live" on their own).
    negated = reading.in_group("crisis-concepts", "concept/NOWANT")
    phrases = [h for h in reading.in_group("crisis")
               if not (h.family == "crisis/wish-to-die" and overlaps(h, negated))
               and not _excluded(reading, h)]
    negated_despair = [h for h in phrases + fired if _negated(reading, h)]
    # A phrase taken back as a joke ("gonna kms lol jk") is not urgent, and slang or an idiom
    # taken back is nothing; but the plain words of wanting to die or to kill oneself "jk" can be
    # a member testing whether anyone hears, so they count once at the check-in tier.
    joked = [h for h in phrases + fired if h not in negated_despair and _joked(reading, h)]
    phrases = [h for h in phrases if h not in negated_despair and h not in joked]
    fired = [h for h in fired if h not in negated_despair and h not in joked]
    plain = [h for h in joked if h.family in _PLAIN_WISH and not _SLANG_WISH.search(h.words)
             and not _IF_BEFORE.search(reading.prose[max(0, h.start - 60):h.start])]
    phrases += [replace(plain[0], weight=1)] if plain else []
    counted = [h for h in phrases + fired if not overlaps(h, incitement)
               and not overlaps(h, idioms) and not _lowered(reading, h)]
    # Set aside for the word model too: phrases with an ordinary cause in place and idioms;
    # not what the past, a help line or an instruction lowers, which the model may still hear
    # as a cry for help ("he's blue and not breathing, someone tell me how to help").
    # A phrase an ordinary cause rules out in its own sentence is set aside with that sentence,
    # which is the cause's ("gave away my whole bar setup, the decanters, all of it" is not read
    # as giving everything away); ruled out from a neighbouring sentence, only the phrase is.
    excluded = [_whole_sentence(reading, h) if _excluded(reading, h, _ORDINARY_CAUSES, near=0)
                else h for h in reading.in_group("crisis")
                if _excluded(reading, h, _ORDINARY_CAUSES)]
    excluded += [h for h in reading.in_group("crisis") if _not_own_voice(reading, h)]
    excluded += negated_despair
    # A song's sentence, for the word model too ("lyrics stuck in my head: 'I'm so tired'").
    excluded += [_whole_sentence(reading, c) for c in reading.in_group("context", "context/song")
                 if _sung(reading, reading.sentence_of(c.start))]
    # The idioms themselves too: "sleep like the dead", "my phone is dying" are no one's crisis.
    return counted, excluded + [h for h in phrases if overlaps(h, idioms)] + idioms + \
        reassured_aside


def _whole_sentence(reading: Reading, hit: Hit) -> Hit:
    """The hit stretched over its whole sentence."""
    sentence = reading.sentence_of(hit.start)
    ends = reading._sentence_ends
    start = ends[sentence - 1] if sentence > 0 else 0
    end = ends[sentence] if sentence < len(ends) else len(reading.folded.text)
    return Hit(hit.family, hit.pattern, start, end, hit.words, hit.weight)


def _incitement(reading: Reading) -> bool:
    """True when the text tells someone else to hurt themselves: an incitement phrase, or one
    of harassment.json's incitement rules (you + a death + an urge; an order to do something
    lethal)."""
    if incitement_phrases(reading):
        return True
    kept: dict[str, list[Hit]] = {}
    for hit in sorted(reading.in_group("harassment-concepts"), key=lambda h: h.start):
        same = kept.setdefault(hit.family, [])
        if len(same) < _MAX_HITS_PER_CONCEPT:  # as verdict.py: a long text adds only time
            same.append(hit)
    hits = [hit for same in kept.values() for hit in same]
    return any(f.rule.id == "harassment/incitement"
               for f in fire(lexicons().rules("harassment"), hits, reading.sentence_of))


def _model_check_in(reading: Reading, set_aside: list[Hit] = ()) -> \
        tuple[str | None, bool, list[tuple[str, list[Hit]]]]:
    """A check-in when only the word models hear a cry for help (their words named), or when
    the meaning model hears one the first word model half-hears and the rules found no crisis
    phrase or context in the text; never for words telling someone else to hurt themselves.
    The models do not read the phrases set aside in place ("I can't do this anymore" said to a
    printer, "this craving is killing me")."""
    if _incitement(reading):
        return None, False, []
    text = _blank(reading.prose, set_aside)
    long_text = len(text.split()) >= LONG_TEXT_WORDS
    first = 0.0  # how much the first word model hears
    for name in _CRISIS_MODELS:
        if model.get(name) is None or (name == "crisis_windows" and not long_text):
            continue
        found = model.score(text, name)
        if found.asks_for_check_in:
            words = ", ".join(found.words) or "the text as a whole"
            hit = Hit("crisis/word-model", 0, 0, len(reading.prose),
                      f"{words} (p={found.probability:.2f}, {name})", 1)
            return CHECK_IN, False, [("crisis/word-model", [hit])]
        if name == "crisis":
            first = found.probability
    reader = model.in_use(sentence.NAME, sentence.shipped)
    if reader is not None:
        found = reader.read(sentences_of(text, reading))
        if not found.fires and (under := _under_heading(text, reading)):
            found = reader.read(under)
        if found.fires:
            hit = Hit("crisis/sentence-model", 0, 0, len(reading.prose),
                      f'"{found.sentence}" (p={found.probability:.2f}, sentence model)', 1)
            return CHECK_IN, False, [("crisis/sentence-model", [hit])]
    heard = model.in_use(meaning.NAME, meaning.shipped)
    if heard is not None and first >= MEANING_AGREES and _rules_silent(reading):
        found = heard.read(text)
        if found.fires:
            words = ", ".join(found.named) or "the text as a whole"
            hit = Hit("crisis/meaning-model", 0, 0, len(reading.prose),
                      f"{words} (p={found.probability:.2f}, meaning; words p={first:.2f})", 1)
            return CHECK_IN, False, [("crisis/meaning-model", [hit])]
    return None, False, []


def sentences_of(text: str, reading: Reading) -> list[str]:
    """A text (one of the reading's blanked forms) cut at the reading's sentence ends."""
    bounds = [0, *reading._sentence_ends, len(text)]
    return [text[start:end] for start, end in zip(bounds, bounds[1:]) if text[start:end].strip()]


def _under_heading(text: str, reading: Reading) -> list[str]:
    """The sentences after a text's first line when that line is a heading (a thread's title, a
    content warning: fewer words than the sentence model reads alone), else nothing. An opening
    post is then heard as the same words would be as a reply: the title's words would only dilute
    the model's reading of a quiet sentence."""
    line_end = text.find("\n")
    if line_end < 0 or len(text[:line_end].split()) >= sentence.SHORTEST:
        return []
    bounds = [0, *reading._sentence_ends, len(text)]
    return [text[start:end] for start, end in zip(bounds, bounds[1:])
            if start >= line_end and text[start:end].strip()]


# The meaning model speaks only where the first word model half-hears a cry for help too (at
# this probability, short of its own bar): alone it would also hear ordinary lines near the
# meaning of one ("want to cut my hair so bad"). On the spent blind sets, agreeing at 0.6 (and
# 8 words or more) keeps 7 of the 15 crisis items it finds behind the context gate, for 3 of its
# 28 false alarms on the development sets (forum/data/screening/README.md). It ships switched off.
MEANING_AGREES = 0.6


def _rules_silent(reading: Reading) -> bool:
    """True when the rules found no crisis phrase and no context in a text (no idiom, past,
    someone else's death, awareness event, help for others, reassurance): where they found
    one, their judgement of those words stands, and the meaning model, which cannot tell "I
    wanted to die" from "I used to want to die", is not asked."""
    return not reading.in_group("crisis") and not reading.in_group("context")


# The crisis word models, each heard on its own: the first (words and word pairs) knows the
# development sets' wording closely; the second (letter pieces of words, and the best window of
# three sentences) reads a sentence buried in a long post, and finds more on sets it never saw
# (tools/model_cv.py). Either asks for a check-in. The second reads only a text long enough to
# bury a sentence in: on a chat line it would cost five times the first (150 µs) for nothing
# the first does not hear.
_CRISIS_MODELS = ("crisis", "crisis_windows")
LONG_TEXT_WORDS = 40


def assess_crisis(reading: Reading, use_models: bool = True) -> \
        tuple[str | None, bool, list[tuple[str, list[Hit]]]]:
    """(tier, emergency, the families that counted with their signs) for a text; the word
    models are heard only where `use_models` says so."""
    families = lexicons().families
    hits, set_aside = _signals_and_set_aside(reading)
    if not hits:
        return _model_check_in(reading, set_aside) if use_models else (None, False, [])
    scores = family_scores(hits)
    total = sum(scores.values())
    intoxicated = any(families[h.family].get("intoxicated") for h in hits)
    despair = any(families[h.family].get("despair") for h in hits)
    if (intoxicated and (total >= 1 or despair)) or total >= 2:
        tier = URGENT
    elif total >= 1:
        tier = CHECK_IN
    else:
        return _model_check_in(reading, set_aside) if use_models else (None, False, [])
    emergency = any(families[h.family].get("emergency") for h in hits)
    if not emergency and use_models and _told_as_no_cry(reading):
        return None, False, []
    counted = [(family, [h for h in hits if h.family == family])
               for family in dict.fromkeys(h.family for h in hits)
               if scores.get(family) or families[family].get("intoxicated")]
    return tier, emergency, counted


# The sentence model reads a whole text in its order, as a person does; where it is this sure
# that a long text is no cry for help, the crisis phrases the rules found in it are told as
# something else: a crisis long past told from recovery ("I used to self-harm when I drank. Two
# years free of both now"), an old goodbye letter burned with a therapist, a song's line, a
# climbing rope bought for a new hobby, a withdrawal scene told as a war story. Measured on
# blind sets it never learnt from (forum/data/screening/README.md): below this bar, and at this
# length, it took back ordinary posts and never a cry for help. Short lines ("sh again. 4 this
# week", "the razor is calling me") and someone else's overdose in progress stay with the rules.
NO_CRY_BAR = 0.05
NO_CRY_WORDS = 20


def _told_as_no_cry(reading: Reading) -> bool:
    """True when the sentence model, reading the whole of a long English text, is sure it is no
    cry for help (NO_CRY_BAR)."""
    reader = model.in_use(sentence.NAME, sentence.shipped)
    if reader is None or len(reading.prose.split()) < NO_CRY_WORDS:
        return False
    found = reader.read(sentences_of(reading.prose, reading))
    return found.heard and found.probability < NO_CRY_BAR


def _taken_back_by_reassurance(reading: Reading, reassured: list[Hit],
                               fired: list[Hit]) -> list[Hit]:
    """The signs a closing reassurance takes back: "Nothing matters today. I know this feeling,
    it passes. Not in danger, just needed to say it" is plain hopelessness, said before the
    reassurance, and not about being alive ahead; a wish only when the author names it as a
    habit of speech ("I think 'I just want to die'. It's a phrase I grew up hearing. I'm not
    suicidal"). A reassurance opened with "but" answers what follows; a plan or a goodbye
    always counts."""
    closing = [c for c in reassured
               if not _BUT_BEFORE.search(reading.prose[max(0, c.start - 12):c.start])]
    if not closing:
        return []
    last = max(c.start for c in closing)
    families = {"crisis/hopeless"}
    if reading.in_group("context", "context/as-a-phrase"):
        families.add("crisis/wish-to-die")
    signs = [h for h in reading.in_group("crisis") + fired if h.family in families]
    return [h for h in signs if h.end <= last and not (
        h.family == "crisis/hopeless" and _LIFE_AHEAD.search(reading.prose[h.start:h.end + 40]))]


# A joke word taken back ("not even joking", "no jk", "not kidding"), or a joke undone after it
# ("jk... not really", "jk unless", "or am i").
_JOKE_WORD = re2.compile(r"\b(?:jk|j k|kidding|joking)\b")
_NOT_JOKING = re2.compile(r"\b(?:not|no|aint|isnt|wasnt|never|dont|im not|i m not)(?: even| really| "
                          r"just| at all)? (?:jk|j k|joking|kidding|just kidding|im kidding|a joke)\b")
_JOKE_UNDONE_AFTER = re2.compile(r"^[^\n]{0,20}\b(?:not really|or am i|unless|half|kinda not|"
                                 r"but not|anymore|any more|this time)\b")


def _joke_undone(reading: Reading, idiom: Hit) -> bool:
    """True when an idiom holding a joke word is no joke: the joke is denied inside it, or
    undone just after it."""
    if not _JOKE_WORD.search(idiom.words):
        return False
    return bool(_NOT_JOKING.search(reading.prose[max(0, idiom.start - 8):idiom.end]) or
                _JOKE_UNDONE_AFTER.search(reading.prose[idiom.end:idiom.end + 40]))


# A reassurance opened with "but" or "though" answers what follows, not what came before.
_BUT_BEFORE = re2.compile(r"\b(?:but|though|although|and)\W*$")
# Hopelessness about being alive ahead ("whether I'm around next year") is no plain low mood.
_LIFE_AHEAD = re2.compile(r"\b(?:around|alive|here|living|exist|existing|wake up|next year)\b")


# --- a crisis spread over a member's few last chat lines -----------------------------------------

# Concepts that lean towards a crisis without making one on their own: a chat line that has one
# is read again with the member's few lines before it ("i cant do this", "nobody would even
# notice", "got the pills out" are each short of a crisis, together they are one).
_LEANING = frozenset({
    "concept/DEATH", "concept/LIFE", "concept/NOWANT", "concept/ABSENCE", "concept/BURDEN",
    "concept/PREP", "concept/MEANS", "concept/GOODBYE", "concept/FINAL", "concept/PARTING",
    "concept/HARM_ACT", "concept/SYMPTOM", "concept/UNRESPONSIVE", "concept/HOPELESS",
    "concept/INTOX", "concept/FADE", "concept/STRONG", "concept/SEVERE", "concept/STRONG_AMOUNT",
    "concept/HIDDEN", "concept/RUMINATE", "concept/ALONE_TIME", "concept/ALLMUCH",
    # a line that only hints ("you know why", "its better that way", "lol im fine") or thanks,
    # gives away or bleeds: its meaning is in the lines before
    "concept/HINT", "concept/NO_NEED", "concept/THANKS_ALL", "concept/BLOOD_SCENE",
    "concept/MINIMIZE",
    # a chat line that only points back ("that should be enough right", "seems right", "nvm",
    # "i mean it"): the lines before say what
    "concept/CHAT_HINT"})
# Or the word model half-hears a cry for help in it.
LEAN_PROBABILITY = 0.5


def leans(reading: Reading) -> bool:
    """True when a text that is no crisis on its own has something of one (a crisis phrase
    set aside or lowered, a leaning concept, or the word model half-hearing it): worth reading
    again beside the member's previous lines."""
    if _incitement(reading):
        return False
    if reading.in_group("crisis") or any(
            h.family in _LEANING for h in reading.in_group("crisis-concepts")):
        return True
    return model.get("crisis") is not None and \
        model.score(reading.prose, "crisis").probability >= LEAN_PROBABILITY


def across_lines(previous: Reading, joined: Reading, line_heard: float = 0.0) -> \
        tuple[str | None, bool, list[tuple[str, list[Hit]]]]:
    """A member's last line read with the few before it: (tier, emergency, counted) when the
    lines together are a crisis and the earlier ones alone are not (they were answered when
    they were sent); otherwise no tier. The rules speak first; where they are silent, the
    word models hear the lines together as one message (they learnt from chat messages of
    several lines: "going to bed / if im not on tmrw dont worry / its better that way"), and
    their check-in is named "across lines", only when the model half-hears the last line
    itself (`line_heard`, its probability alone): past stories and grief told over three
    lines add up to a crisis's words without any line leaning on them."""
    tier, emergency, counted = assess_crisis(joined, use_models=False)
    if tier is None and LINES_HEARD_BY_MODELS and line_heard >= LEAN_PROBABILITY:
        tier, emergency, counted = _model_check_in_across(previous, joined)
        return tier, emergency, counted
    if tier is None or assess_crisis(previous, use_models=False)[0] is not None:
        return None, False, []
    return tier, emergency, counted


# Whether the word models also hear a leaning chat line with the member's lines before it.
LINES_HEARD_BY_MODELS = True


def _model_check_in_across(previous: Reading, joined: Reading) -> \
        tuple[str | None, bool, list[tuple[str, list[Hit]]]]:
    """The word models' check-in on the lines together, when neither the rules nor the models
    heard the earlier lines alone (those were answered when they were sent)."""
    if assess_crisis(previous)[0] is not None:
        return None, False, []
    tier, emergency, counted = assess_crisis(joined)
    if tier is None:
        return None, False, []
    return tier, emergency, [(family, [Hit(h.family, h.pattern, h.start, h.end,
                                           f"{h.words}, across lines", h.weight) for h in hits])
                             for family, hits in counted]
