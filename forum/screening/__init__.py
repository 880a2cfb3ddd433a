"""The screening: reads member text for the community's boundaries and decides, explainably.

Pure (no database, no Flask): `reading.read` folds a text and finds every signal in the built-in
lexicons (forum/data/screening), `verdict.decide` turns the signals into one verdict with its
reasons. forum/services/screening/assess.py adds what only the forum knows (new accounts, members' handles,
rendered links, admins' rules).
"""
