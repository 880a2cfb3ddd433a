"""Crisis written in languages other than English: Spanish (its gaps), Portuguese, French, German,
Italian, Tagalog, and a little Polish, Dutch and Russian (Cyrillic or Latin letters).

Each family is a kind of wording (a wish to be dead or not wake, no way out, being a burden, a
plan or means with a time, a goodbye, self-harm, one's own overdose now, someone else not
breathing or turning blue now, drunk and despairing), written for this file in each language,
with accents and without, and in the text-speak people type ("q", "pq", "jveux", "n quero",
"gusto q na"). Beside them, the look-alikes that must stay ordinary: dying of laughter or hunger,
"my mum will kill me", a haircut, a blue sky, a grief line, routine medication, and a past crisis
told from safety (which the past markers of each language lower).

The screening is pure: these read and decide without a database.
"""
import pytest

from screening_verdicts import names, rule_crisis, screen, untouched

URGENT = "urgent"

# (language, family): texts that must be an urgent crisis named by the rules
URGENT_TEXTS = {
    ("es", "wish"): ["ojalá no despertar mañana, de verdad lo digo",
                     "ya no kiero vivir, estoy agotada",
                     "quisiera estar muerta y que todo se calle"],
    ("es", "burden"): ["soy un estorbo para mi familia, se los juro",
                       "todos estarían mejor sin mí"],
    ("es", "plan"): ["esta noche lo hago, ya no hay vuelta atrás",
                     "llevo semanas juntando pastillas en un cajón"],
    ("es", "goodbye"): ["este es mi último mensaje aquí, cuídense mucho"],
    ("es", "self-harm"): ["me estoy cortando otra vez y no paro"],
    ("es", "drunk"): ["estoy bien borracho y ya no puedo más"],
    ("pt", "wish"): ["quero morrer, sério, não é drama",
                     "queria tanto não acordar amanhã",
                     "n quero mais viver assim",
                     "tomara que eu não acorde amanhã"],
    ("pt", "explicit"): ["vou me matar hoje", "to pensando em me suicidar faz dias",
                         "quero acabar com tudo de uma vez", "penso em suicídio o tempo todo"],
    ("pt", "not-here"): ["não quero mais estar aqui."],
    ("pt", "burden"): ["sou um peso pra minha família", "todo mundo ficaria melhor sem mim",
                       "acho que ninguém vai sentir minha falta"],
    ("pt", "plan"): ["hoje à noite eu me mato, já decidi", "to juntando remédio faz semanas pra isso"],
    ("pt", "goodbye"): ["adeus pra sempre, obrigada por tudo"],
    ("pt", "self-harm"): ["voltei a me cortar essa semana", "me cortei de novo ontem à noite"],
    ("pt", "drunk"): ["to muito bêbado e não aguento mais"],
    ("fr", "wish"): ["je veux mourir ce soir", "j'ai envie de crever",
                     "je voudrais ne plus me réveiller", "jveux plus vivre",
                     "j'ai plus envie de vivre franchement"],
    ("fr", "explicit"): ["je vais me suicider", "je pense à mettre fin à mes jours",
                         "je pense au suicide chaque soir"],
    ("fr", "not-here"): ["je veux plus être là"],
    ("fr", "burden"): ["je suis un fardeau pour tout le monde", "ils seraient mieux sans moi",
                       "de toute façon je manquerais à personne"],
    ("fr", "plan"): ["demain c'est fini pour moi, adieu",
                     "j'ai mis de côté des cachets depuis un mois",
                     "cette nuit je passe à l'acte"],
    ("fr", "goodbye"): ["adieu à tous, merci pour tout"],
    ("fr", "self-harm"): ["j'ai recommencé à me scarifier", "envie de me faire du mal ce soir"],
    ("fr", "drunk"): ["je suis trop bourré et je m'en fous de tout",
                      "chui complètement saoul et j'en peux plus"],
    ("de", "not-here"): ["ich möchte einfach nicht mehr hier sein"],
    ("de", "wish"): ["ich will einfach nur sterben", "Ich möchte nicht mehr aufwachen.",
                     "hab keinen bock mehr zu leben", "ich wünschte ich wär tot"],
    ("de", "explicit"): ["ich bring mich heute um", "ich denke daran, mir das Leben zu nehmen"],
    ("de", "burden"): ["ich bin allen nur eine Last", "ohne mich wären alle besser dran"],
    ("de", "plan"): ["heute Nacht mach ich es", "ich hab seit Wochen Schlaftabletten gesammelt"],
    ("de", "goodbye"): ["lebt wohl, ihr wart die besten"],
    ("de", "self-harm"): ["ich hab mich gestern wieder geritzt"],
    ("de", "drunk"): ["ich bin total besoffen und mir ist alles egal",
                      "bin grad echt hacke und ich kann nicht mehr."],
    ("it", "wish"): ["voglio morire, basta", "non voglio più svegliarmi", "vorrei sparire per sempre"],
    ("it", "explicit"): ["sto pensando di togliermi la vita", "voglio farla finita stanotte",
                         "mi voglio ammazzare", "penso al suicidio tutti i giorni"],
    ("it", "burden"): ["sono solo un peso per tutti", "starebbero meglio senza di me"],
    ("it", "plan"): ["stanotte lo faccio", "ho messo da parte le pastiglie"],
    ("it", "goodbye"): ["addio a tutti, grazie di tutto"],
    ("it", "self-harm"): ["mi sono tagliata di nuovo", "ho bisogno di farmi del male"],
    ("it", "drunk"): ["sono completamente ubriaco e non ce la faccio più"],
    ("tl", "wish"): ["gusto ko nang mamatay", "ayoko nang mabuhay",
                     "sana hindi na ako magising bukas", "gusto q na mamatay"],
    ("tl", "explicit"): ["magpapakamatay na ako", "papatayin ko na sarili ko"],
    ("tl", "burden"): ["pabigat lang ako sa pamilya ko", "mas okay sila kung wala ako"],
    ("tl", "plan"): ["mamayang gabi ko na gagawin", "nag-iipon ako ng gamot"],
    ("tl", "goodbye"): ["paalam sa inyong lahat"],
    ("tl", "self-harm"): ["naglaslas ako ulit kagabi", "sinasaktan ko na naman ang sarili ko"],
    ("tl", "drunk"): ["lasing na ako at hindi ko na kaya."],
    ("any", "should-just-die"): ["ich sollte einfach sterben", "je devrais juste mourir",
                                 "eu deveria morrer", "debería morirme", "dovrei solo morire",
                                 "mas mabuti pang mamatay na lang ako", "jvx mourir"],
    ("pl", "wish"): ["nie chcę już żyć", "chcę umrzeć"],
    ("nl", "wish"): ["ik wil dood", "ik wil er niet meer zijn"],
    ("ru", "wish"): ["хочу умереть", "ya bolshe ne hochu zhit"],
}

# Check-ins at least: hopelessness alone
HOPELESS_TEXTS = [
    "estoy cansado de vivir así", "não vejo saída nenhuma", "não aguento mais essa vida",
    "j'en peux plus de cette vie", "je vois pas d'issue", "ich kann einfach nicht mehr.",
    "es gibt keinen Ausweg", "non ce la faccio più.", "non c'è via d'uscita",
    "wala na akong pag-asa", "hindi ko na kaya.",
    # no reason to live
    "no tengo ninguna razón para seguir", "non ho più nessun motivo per vivere",
    "wala nang saysay ang buhay ko", "ich hab keinen Grund mehr zu leben",
    # wanting it all to stop
    "je veux juste que tout ça s'arrête", "só quero que tudo acabe", "solo quiero que esto pare",
    "ich will nur dass alles aufhört", "voglio solo che tutto finisca",
]

# A bare farewell is a hint, a check-in
GOODBYE_HINTS = ["bon. adieu.", "addio.", "adeus, pessoal."]

# Overdoses now: an emergency whoever it is
EMERGENCY_TEXTS = {
    "es": ["me tomé toda la caja de clonazepam hace un rato",
           "mi novio se está poniendo azul y casi no respira"],
    "pt": ["tomei a cartela inteira de rivotril", "tomei uns dez calmantes de uma vez",
           "ele cheirou não sei quanto e não reage mais",
           "meu amigo não tá respirando e tá roxo",
           "ela tomou sei lá o quê e não acorda mais"],
    "fr": ["j'ai avalé tous mes somnifères", "g pris toute la plaquette",
           "j'ai tout avalé, les cachets et le reste",
           "mon coloc respire presque plus, il est tout bleu",
           "ma soeur a trop pris de trucs et elle respire très mal",
           "j'arrive pas à la réveiller, elle a pris je sais pas quoi"],
    "de": ["ich hab grad die ganze Packung genommen",
           "mein Bruder atmet nicht mehr und ist blau angelaufen",
           "ich krieg ihn nicht wach, er hat was genommen",
           "sie ist bewusstlos und atmet nicht"],
    "it": ["ho preso tutta la scatola di xanax",
           "il mio amico non respira più, ha le labbra blu"],
    "tl": ["ininom ko ang buong banig ng gamot ko", "hindi humihinga yung pinsan ko, tulong",
           "hindi na siya humihinga, nangangasul na ang labi"],
    "ru": ["он не дышит, что делать"],
    "pl": ["on nie oddycha, pomocy"],
    "nl": ["hij ademt niet meer, help"],
}

# Must stay ordinary
ORDINARY_TEXTS = [
    # idioms of dying and killing
    "me muero de risa con este video jaja",
    "me quiero morir de la vergüenza, se me cayó el café encima del jefe",
    "mi mamá me va a matar si llego tarde otra vez",
    "mañana voy a cortarme el pelo por fin",
    "morrendo de rir com esse meme kkkk",
    "to morta de cansaço hoje, dormi mal",
    "minha mãe vai me matar se eu chegar tarde",
    "quero morrer de vergonha kkkk errei o nome dela",
    "je meurs de faim, vivement midi",
    "mdr je suis mort de rire",
    "ce boulot va me tuer un jour",
    "le ciel est tout bleu ce matin, ça fait du bien",
    "je peux plus venir ce soir, désolé",
    "ich sterbe vor Hunger",
    "ich lach mich tot",
    "meine Mutter bringt mich um, wenn sie das sieht",
    "ich kümmere mich um den Hund heute",
    "ich kann nicht mehr essen, so satt bin ich",
    "mein Laptop reagiert nicht mehr",
    "je devrais mourir de honte mdr", "deveria morrer de vergonha kkk",
    "ich sollte einfach schlafen gehen", "mas mabuti pang umuwi na lang ako",
    "Au revoir et adieu les soucis, vive les vacances !",
    "I've lost to overdose three friends this year, lighting a candle tonight.",
    "muoio dal ridere",
    "sto morendo di fame",
    "ti amo da morire",
    "mi ammazzo dalle risate con lui",
    "il cielo è tutto blu oggi",
    "domani vado a tagliarmi i capelli",
    "mamatay ka sa tawa dito",
    "namatay ako sa kilig",
    "patay na patay siya sayo",
    "umieram z głodu",
    "ik ga dood van de honger",
    "não quero mais ficar aqui nesse emprego chato",
    "je veux plus être là quand il arrive, il m'énerve",
    "il respire bizarre quand il dort, il ronfle fort",
    "ela tomou o café e não responde minhas mensagens",
    "Estou pensando em suicídio como tema da palestra de prevenção.",
    "ich kann nicht mehr warten auf das Wochenende!",
    "non ce la faccio più ad aspettare le vacanze!",
    "não aguento mais esse calor",
    "hindi ko na kaya ang init ngayon haha",
    "adeus ano velho, bem-vindo 2027!",
    "ich bin total breit gebaut, sagt mein Trainer",
    "sono fatto così, non ci posso fare niente",
    # sobriety milestones
    "Hoje faz um ano que estou sóbrio, obrigado a todos!",
    "Je suis sobre depuis six mois, merci à tous pour votre soutien.",
    "Isang taon na akong hindi umiinom, salamat sa inyong lahat.",
    # routine medication
    "tomei 2 comprimidos de dipirona pra dor de cabeça",
    "ininom ko na lahat ng gamot ko kaninang umaga",
    "Tomei todos os meus remédios hoje de manhã, certinho.",
    "j'ai pris tous mes médicaments ce matin comme prévu",
    "Heute morgen alle Tabletten genommen, wie verschrieben.",
    "ho preso tutte le pastiglie stamattina come prescritto",
    # grief lines about someone who died
    "Meu pai morreu ano passado e ainda sinto falta dele.",
    "Ma grand-mère est morte il y a un an, elle me manque.",
    "Mein Opa ist letzte Woche gestorben, die Beerdigung ist am Freitag.",
    "Mia nonna è morta l'anno scorso, mi manca tanto.",
    "Namatay si lola noong isang taon, miss ko na siya.",
]

# A past crisis told from safety: lowered by the past markers of its language
PAST_TEXTS = [
    "Hace tres años quería morirme cada noche; hoy llevo dos años sobria.",
    "Há dois anos eu queria morrer todos os dias.",
    "Il y a quatre ans, j'avais envie de mourir tous les jours.",
    "Vor sechs Jahren hatte ich keine Kraft mehr zu leben, heute bin ich dankbar.",
    "Due anni fa pensavo di togliermi la vita, ora sono sobria da un anno.",
    "Dati gusto ko nang mamatay, pero ngayon masaya na ako.",
]


@pytest.mark.parametrize("text", [t for texts in URGENT_TEXTS.values() for t in texts])
def test_crisis_in_other_languages_is_urgent(text):
    verdict = screen(text)
    assert verdict.crisis_tier == URGENT and rule_crisis(verdict), names(verdict)


@pytest.mark.parametrize("text", HOPELESS_TEXTS)
def test_hopelessness_in_other_languages_asks_for_a_check_in(text):
    verdict = screen(text)
    assert verdict.crisis and "crisis/hopeless" in rule_crisis(verdict), names(verdict)


@pytest.mark.parametrize("text", GOODBYE_HINTS)
def test_a_bare_farewell_asks_for_a_check_in(text):
    verdict = screen(text)
    assert verdict.crisis and "crisis/goodbye-hints" in rule_crisis(verdict), names(verdict)


@pytest.mark.parametrize("text", [t for texts in EMERGENCY_TEXTS.values() for t in texts])
def test_an_overdose_now_in_other_languages_is_an_emergency(text):
    verdict = screen(text)
    assert verdict.crisis_tier == URGENT and verdict.emergency, names(verdict)


@pytest.mark.parametrize("text", [t for texts in EMERGENCY_TEXTS.values() for t in texts][:6])
def test_an_overdose_now_is_an_emergency_in_chat_too(text):
    verdict = screen(text, chat=True)
    assert verdict.crisis and verdict.emergency, names(verdict)


@pytest.mark.parametrize("text", ORDINARY_TEXTS)
def test_look_alikes_in_other_languages_stay_ordinary(text):
    verdict = screen(text)
    assert not rule_crisis(verdict), names(verdict)


@pytest.mark.parametrize("text", PAST_TEXTS)
def test_a_past_crisis_told_from_safety_is_not_urgent(text):
    verdict = screen(text)
    assert not rule_crisis(verdict), names(verdict)


def test_accents_and_their_absence_read_the_same():
    for accented, plain in [("não quero mais viver", "nao quero mais viver"),
                            ("je n'en peux plus de vivre", "je nen peux plus de vivre"),
                            ("ich möchte nicht mehr leben", "ich mochte nicht mehr leben"),
                            ("non voglio più vivere", "non voglio piu vivere")]:
        assert rule_crisis(screen(accented)) == rule_crisis(screen(plain)) != []
