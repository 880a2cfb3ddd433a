"""Crisis in board posts, the families train20a's first run showed missing (crisis20p), each fixed
as a kind of wording and checked on sentences written for this file (none is a train20a item),
beside ordinary look-alikes that must stay untouched.

- whole languages the screening did not read: Chinese, Japanese, Arabic and Hindi in their own
  scripts (data/screening/scripts.json reads their crisis phrases as English words; idioms such
  as "dead tired", "dying of laughter", "miss you to death" read as nothing), and Turkish, Hindi
  and Tagalog romanised, Dutch, German, Polish and Vietnamese phrases (crisis.json LANGS_*);
- lethal questions: how long it takes to die from a method, how likely something is to kill me
  (with "kind of hoping it is"), how much would be needed to stop breathing with the means at home;
- a day chosen to end things; "I can go and end it" (the author's own words, not an order);
- a cut made deep last night; a wish now that a past overdose had finished the job or that one
  had not woken up (the past date does not lower a present wish);
- letting a failing body go while the medicine is left unfilled;
- sobriety chips or the big book given away by someone speaking of themselves as gone;
- one's own funeral and who would come; a line written backwards so a filter would not see it.

The screening is pure, so these read and decide without a database.
"""
import pytest

from screening_verdicts import names, rule_crisis, screen, untouched

CRISIS = {
    "far scripts": [
        "每天都很累，我真的不想活了",
        "戒酒三个月了，可是我好想死",
        "我打算自杀，药已经准备好了",
        "毎晩、死にたいと思ってしまう",
        "もう生きていたくないです",
        "كل يوم أريد أن أموت ولا أحد يعرف",
        "لا أمل. بدي انتحر الليلة",
        "मैं अब मरना चाहता हूँ",
    ],
    "romanised and Latin-script languages": [
        "her gece olmek istiyorum, kimseye soyleyemiyorum",
        "yasamak istemiyorum artik, umudum kalmadi",
        "ilaclarin hepsini icecegim bu gece",
        "yaar ab jeena nahi chahta, sab khatam kar dunga",
        "mujhe lagta hai kisi ko meri zaroorat nahi, marna chahti hoon",
        "ayoko na mabuhay, pagod na ako sa lahat",
        "Ik wil niet meer leven, ik zie het niet meer zitten",
        "Ich kann nicht mehr. Die Pillen hab ich alle schon gesammelt.",
        "toi chi muon chet, khong con hy vong gi",
        "lyknelam wszystkie tabletki i nie moge oddychac",
    ],
    "lethal questions": [
        "how long would it take to die if I sat in the garage with the car running",
        "how quickly do you bleed out from a wrist",
        "if I drink through the shakes alone how likely is it to kill me? honestly hoping it does",
        "would that be enough to kill me? part of me hopes it works",
        "how much would it take to stop breathing? I've got plenty of pills here",
        "how long would it take a charcoal grill in a closed room to kill you",
    ],
    "a day chosen, the author going to end it": [
        "saturday is the day I've picked to end it. until then I'll act normal",
        "after the kids' recital I can finally go and end it all",
    ],
    "self-harm now": [
        "i cut really deep tonight and cant tell my partner",
        "Just cut too deep again, first time in a year",
    ],
    "a wish now about a past overdose": [
        "I still wish that night in 2019 had killed me",
        "part of me wishes the paramedics hadn't revived me. every day i think it",
        "I wish I never woke up after the last relapse",
    ],
    "letting a failing body go": [
        "liver is failing and I've stopped taking my meds. if it kills me, so be it",
        "cardiologist says my heart is weak. I quit filling the prescription. not gonna fight it",
    ],
    "keepsakes given away, speaking as gone": [
        "Sent my 2 year coin to my sponsee. she'll make it even though I won't",
        "Gave all my chips to the newcomers tonight. I feel oddly calm now.",
    ],
    "own funeral": [
        "honestly who would even come to my funeral",
        "nobody would cry at my funeral anyway",
    ],
    "not needing things where one is going": [
        "handed my guitar to my nephew, I won't need it where I'm headed",
        "stopped my meds. dont need them where im going. thanks for everything all",
    ],
    "a gun held at night, a rope tied up": [
        "the revolver lives in my sock drawer now and most nights I hold it to my head",
        "put a rope over the rafter in the shed yesterday. the rope is still up there",
    ],
    "no tomorrow, walking off, the water": [
        "Honestly I'd be relieved if the morning never came for me",
        "every night I pray not to wake to another morning",
        "sat on the pier last night thinking about stepping off the edge",
        "kept staring at the river from the footbridge, thinking how peaceful the water would be",
    ],
    "wanting it all to stop forever, not caring what becomes of me": [
        "this is pain I can't carry anymore and I just want it to stop for good",
        "I've stopped caring whether I wake up",
        "some days I think about finding the guy who sold her the pills and ending the both of us",
        "can you OD on methadone alone? I want it to work this time",
    ],
    "written backwards": [
        "flesym llik ot tnaw i",
        "tonight eid ot gniog mi",
    ],
}

ORDINARY = [
    # idioms in the far scripts, and ordinary sentences in them
    "我想死你了！明天见",
    "今天累死了，笑死我了",
    "热得要死，去游泳吧",
    "死ぬほど疲れたけど、今日も断酒できた",
    "今日はミーティングに行きました",
    "عيد مبارك للجميع، تسعين يوم بدون شرب",
    "Eid mubarak everyone, 90 days today",
    # ordinary in the romanised languages
    "gulmekten oldum bu videoya",
    "toi muon chet vi xau ho qua haha, quen ca ten sponsor",
    "I'd be glad if tomorrow never came, the exam is terrifying",
    "bhookh se mar raha hoon, khana kab hai",
    "ik ga dood van de honger, wie gaat er mee eten",
    "Ich kann nicht mehr warten auf das Treffen morgen!",
    # lethal-looking questions that are safety or recovery questions
    "how long does it take for withdrawal shakes to stop?",
    "how long did it take for your cravings to fade?",
    "how much would you need to pay for a sober living house?",
    "is it true you can die from alcohol withdrawal? asking before I quit",
    # days and endings that are not a death
    "the day I've chosen to celebrate my year is the 14th, cake for everyone",
    "I've decided to end things with the night shift and find a day job.",
    "we can go and end the meeting early tonight",
    # cutting and hurting that is ordinary
    "the breakup cut deep but I'm doing okay",
    # (one more twin of this family is in test_screening_sentence.py KNOWN_FALSE_ALARMS)
    # past told from safety, grief
    "I wish my brother had survived that night. I miss him every day.",
    "I nearly didn't wake up in 2019. Five years clean now, life is good.",
    # health talk without letting go
    "my liver is failing so I'm taking my meds and doing everything the doctor says",
    "cravings come and I'm not going to fight it, I just let it pass like a wave",
    # chips given with hope
    "Gave my 30 day chip to a newcomer tonight, she's going to make it, I just know it",
    "mailed my old big book to my sponsee, I feel so proud of her",
    # travel, holding, tying, water, stopping
    "won't need my winter coat where I'm going, two weeks in Lisbon!",
    "I hold my baby girl every night before bed and cry happy tears",
    "tied a cord to the branch for the kids' swing",
    "the water was so peaceful on the lake this morning, kayaked for an hour",
    "I just want the rain to stop for good so we can have the barbecue",
    "I no longer care what becomes of my old bar stool, take it",
    "we took the dog with me to the meeting",
    "I want the new meds to work, the doctor says give it a month",
    # funerals of others
    "who would even show up to the memorial for my uncle, he burned every bridge",
    "planning my grandma's funeral this week, any tips for the eulogy?",
]


@pytest.mark.parametrize("text", [t for texts in CRISIS.values() for t in texts])
def test_crisis_families_are_heard_in_a_post(text):
    verdict = screen(text)
    assert verdict.crisis, f"not heard as a crisis: {text!r} -> {names(verdict)}"
    assert rule_crisis(verdict), f"only the word model heard it: {text!r} -> {names(verdict)}"


@pytest.mark.parametrize("text", [t for texts in CRISIS.values() for t in texts])
def test_crisis_families_are_heard_in_chat(text):
    assert screen(text, chat=True).crisis


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_look_alikes_stay_ordinary(text):
    verdict = screen(text)
    assert not rule_crisis(verdict), f"a crisis rule fired: {text!r} -> {names(verdict)}"
    assert untouched(verdict), f"not published as written: {text!r} -> {names(verdict)}"


def test_script_phrases_read_as_words_and_keep_their_place():
    from forum.normalize import fold
    folded = fold("断酒中。死にたい", keep_spans=True)
    assert "i want to die" in folded.text
    start = folded.text.index("i want to die")
    assert folded.span(start, start + len("i want to die")) == (4, 8)


def test_an_idiom_wins_over_the_death_word_inside_it():
    from forum.normalize import fold
    assert "die" not in fold("我好想死你了").text


def test_the_reason_names_the_words_that_fired():
    verdict = screen("yasamak istemiyorum, ilaclarin hepsini icecegim")
    assert any("yasamak istemiyorum" in n for n in names(verdict))


def test_script_phrases_are_versioned_linear_time_data():
    import json
    from importlib import resources

    import re2
    data = json.loads(resources.files("forum").joinpath("data/screening/scripts.json").read_text())
    assert data["version"] >= 1 and data["about"]
    for entry in data["phrases"]:
        re2.compile(entry["pattern"])
        assert entry["lang"] and entry["reads"]
