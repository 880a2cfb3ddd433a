"""Invented words for the benchmark database: titles, posts and chat lines in the forum's tone.

Written for this project; they only need to look like what members write (length, a little
Markdown, an occasional link to a help resource), since the benchmark reads them, nobody else.
"""

TITLES = [
    "Day {n} and still here", "First week without a drink", "How do you get through Friday nights?",
    "Back after a slip", "Ninety days today", "Cravings after work", "My sponsor moved away",
    "Trying SMART for the first time", "Telling my family", "Sleep in the first month",
    "What helped you in the evenings?", "One year, one day at a time", "New here, a bit scared",
    "Meetings online or in person?", "Weddings and parties sober", "Medication and feeling judged",
    "A good day for once", "Starting again on Monday", "Things I do instead now",
    "Cooking as a new hobby", "How to say no to old friends", "The third week was the hardest",
]

POSTS = [
    "Day {n}. The evening was the hard part again, but I went to a meeting instead of the shop, "
    "and I *am* still here.",
    "Thank you all for being here at 2 a.m. Reading this board kept me from picking up tonight.",
    "What helps me is a plan for the hour after work: a walk, a phone call, then dinner. "
    "Boring, but it **works**.",
    "I slipped on Saturday. I'm not going to pretend it didn't happen. Starting again today, "
    "day one, and I'm telling you so I don't hide it.",
    "Congratulations on your 30 days! That first month is so much work. Be proud of it.",
    "Me too. The cravings come in waves for me, and they do pass, usually in about twenty "
    "minutes if I keep my hands busy.",
    "My family didn't understand at first. It took a few honest conversations and some time. "
    "Be patient with them and with yourself.",
    "A few things that helped me sleep:\n\n- no screens after ten\n- a warm shower\n- the same "
    "time every night, even at weekends",
    "I found the SMART tools useful alongside my meetings. You don't have to pick just one path.",
    "Sending strength. You reached out, and that is the hardest step.",
    "The [SAMHSA helpline](https://www.samhsa.gov/find-help/national-helpline) helped me find "
    "a local group when I didn't know where to start.",
    "Today I noticed I hadn't thought about drinking all afternoon. That never used to happen.",
    "It's okay to leave a party early. Nobody remembers who left at nine.",
    "My counsellor says to write the craving down and look at it the next morning. It looks "
    "smaller on paper.",
    "One year ago I couldn't imagine a week. Keep going, everyone. It gets lighter.",
    "I take my medication every morning and it's part of my recovery, not a shortcut. Thank you "
    "for making this a place where I can say that.",
    "Quick check-in: staying sober today. Tired, grateful, going to bed early.",
    "> one day at a time\n\nI used to roll my eyes at that. Now it's the only way I get through.",
    "Anyone else find Sundays harder than Saturdays? The quiet gets to me.",
    "I cooked a proper dinner for the first time in years. It was terrible and I loved it.",
]

MESSAGES = [
    "Evening all, checking in", "Hi, new here. Is it okay to just read for a bit?",
    "Welcome! Reading is fine, say hello when you like", "Day 12 today", "Congratulations!",
    "Rough day, but I'm not drinking", "Sending strength", "Me too, the evenings are hardest",
    "Going for a walk, back soon", "Thanks everyone, this helps",
    "Good morning from the night shift",
    "Anyone else up?", "I'm here", "Made it through the party, left early",
    "That's a *big* win", "Tea instead tonight", "One day at a time", "See you at the meeting",
]

CONTENT_WARNINGS = ["describes use", "relapse", "grief", "family"]
