"""The screening's own signs moved from seeded rule rows to versioned lexicons (forum/data/screening).

Rows that are exactly the rules the forum used to seed are removed: the built-in screening reads
those boundaries now, and their patterns (look-behind, nested repetition) cannot run on the
linear-time engine admins' rules use. Rules an admin wrote or changed stay. Downgrading puts the
seeded rules back.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD_SEEDED_RULES = [{'boundary': 'crisis',
  'name': 'Crisis language',
  'action': 'crisis',
  'chat_action': 'crisis',
  'pattern': '\\b(?:kill(?:ing)? myself|end(?:ing)? (?:it all|my life)|want(?:ed)? to die|wanna '
             "die|suicid\\w*|don'?t want to (?:be here|live|wake up)|self[- "
             ']?harm\\w*|cut(?:ting)? myself|hurt(?:ing)? myself|overdos(?:e|ed|ing)|took too '
             "(?:much|many)|no reason to live|can'?t go on|better off dead|not safe "
             '(?:tonight|right now))\\b',
  'explanation': 'It sounds like things may be really hard right now. You are not alone.'},
 {'boundary': 'sourcing',
  'name': 'Buying or selling substances',
  'action': 'hold',
  'chat_action': 'refuse',
  'pattern': '\\b(?:(?:selling|sell|for sale|got|have|anyone '
             '(?:selling|got|have))\\b[^.!?\\n]{0,40}\\b(?:bars|xans?|percs?|oxys?|roxys?|tabs|molly|coke|crack|meth|ice|fent(?:anyl)?|dope|carts?|pills|subs|script)\\b|where '
             "(?:can|do|could) (?:i|you) (?:get|buy|score|cop|find)\\b|who(?:'s| is) selling|hit "
             'me up|hmu|(?:dm|pm|message) me (?:for|if you want)|price '
             'list)|\\$\\s?\\d+\\s*(?:per|a|/|each)\\s*(?:g|gram|oz|pill|bar|tab|point)\\b',
  'explanation': 'Posts that look like buying, selling or asking where to get a substance wait for '
                 'a moderator.'},
 {'boundary': 'sourcing',
  'name': 'Crypto wallet addresses',
  'action': 'hold',
  'chat_action': 'mask',
  'pattern': '\\b(?:bc1[a-z0-9]{25,60}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|0x[a-fA-F0-9]{40})\\b',
  'explanation': 'Payment addresses are held for a moderator to review.'},
 {'boundary': 'identifying-info',
  'name': 'E-mail addresses',
  'action': 'hold',
  'chat_action': 'mask',
  'pattern': '[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+',
  'explanation': "Please remove the e-mail address: contact stays on the forum, for everyone's "
                 'safety.'},
 {'boundary': 'identifying-info',
  'name': 'Phone numbers',
  'action': 'hold',
  'chat_action': 'mask',
  'pattern': '(?<![\\w-])(?:\\+?\\d[\\s().-]{0,2}){8,14}\\d(?![\\w-])',
  'explanation': 'Please remove the phone number: it can identify you or someone else.'},
 {'boundary': 'identifying-info',
  'name': 'Street addresses',
  'action': 'hold',
  'chat_action': 'mask',
  'pattern': '\\b\\d{1,5}\\s+(?:[A-Za-z]+\\s+){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|terrace|way)\\b\\.?',
  'explanation': 'Please remove the street address: it can identify you or someone else.'},
 {'boundary': 'identifying-info',
  'name': 'Social and messenger handles',
  'action': 'hold',
  'chat_action': 'mask',
  'pattern': '(?:\\b(?:add|find|message|text|dm) me on\\b|\\bmy '
             '(?:insta|ig|snap|snapchat|telegram|whatsapp|kik|discord|facebook|fb|signal|wickr|tiktok)\\b|\\b(?:snap|snapchat|insta|ig|telegram|whatsapp|kik|wickr|signal|discord|tiktok)\\s*(?:is|:|-)\\s*@?\\w{3,}|t\\.me/\\w+|wa\\.me/\\d+|(?<![\\w.])@[A-Za-z0-9_.]{3,30}\\b)',
  'explanation': 'Please keep contact on the forum: remove the social or messenger handle.'},
 {'boundary': 'promotion',
  'name': 'Links from new accounts',
  'action': 'hold',
  'chat_action': 'refuse',
  'new_accounts_only': True,
  'pattern': '(?:https?://|www\\.)\\S+|\\b[a-z0-9-]+\\.(?:com|net|org|io|co|info|biz|xyz|shop|store|link|ly)\\b(?:/\\S*)?',
  'explanation': 'While your account is new, posts with links (other than help resources) wait for '
                 'a moderator. This keeps out spam and recruiters.'},
 {'boundary': 'graphic-use',
  'name': 'Detailed descriptions of use',
  'action': 'require_warning',
  'chat_action': 'report',
  'pattern': '\\b(?:shot up|shooting up|slammed|railed|snorted|banged|smoked (?:a|some|the) '
             '(?:rock|crack|meth|ice|foil)|chasing the (?:high|dragon)|nodding off|the rush '
             'hit|cooked (?:it|a shot)|found a vein|lines? of coke)\\b',
  'explanation': 'Detailed descriptions of use can be hard for others to read. Please add a '
                 'content warning so they can choose.'},
 {'boundary': 'harassment',
  'name': 'Telling someone to hurt themselves',
  'action': 'refuse',
  'chat_action': 'refuse',
  'pattern': '\\b(?:kys|kill yourself|go (?:die|relapse|overdose)|hope you '
             '(?:relapse|od|overdose|die))\\b',
  'explanation': "This can't be posted: it could hurt someone badly. Please speak from your own "
                 'experience.'},
 {'boundary': 'harassment',
  'name': 'Name-calling',
  'action': 'report',
  'chat_action': 'report',
  'pattern': '\\b(?:junkies?|crackheads?|methheads?|cokeheads?|pillheads?|dope '
             '?fiends?|drunkards?|losers?|pathetic)\\b',
  'explanation': 'Words that label people are reported to the moderators.'},
 {'boundary': 'medical-advice',
  'name': 'Dosing and tapering instructions',
  'action': 'report',
  'chat_action': 'report',
  'pattern': '\\b(?:take|taking|taper|tapering|drop|cut|up|double)\\b[^.!?\\n]{0,30}\\b\\d+(?:\\.\\d+)?\\s?(?:mg|milligrams?|ml|mcg)\\b|\\btaper(?:ing)? '
             '(?:schedule|plan) (?:is|:)',
  'explanation': 'Peers are not clinicians: dosing and tapering questions belong with a '
                 'prescriber.'}]

_rules = sa.table("moderation_rules", sa.column("id", sa.Integer), sa.column("boundary", sa.String),
                  sa.column("name", sa.String), sa.column("pattern", sa.Text),
                  sa.column("action", sa.String), sa.column("chat_action", sa.String),
                  sa.column("new_accounts_only", sa.Boolean), sa.column("enabled", sa.Boolean),
                  sa.column("explanation", sa.String), sa.column("position", sa.Integer))


def upgrade():
    for rule in OLD_SEEDED_RULES:
        op.execute(_rules.delete().where(_rules.c.name == rule["name"],
                                         _rules.c.pattern == rule["pattern"]))


def downgrade():
    connection = op.get_bind()
    present = {row.name for row in connection.execute(sa.select(_rules.c.name))}
    missing = [dict(rule, position=position, new_accounts_only=rule.get("new_accounts_only", False),
                    enabled=True)
               for position, rule in enumerate(OLD_SEEDED_RULES) if rule["name"] not in present]
    if missing:
        op.bulk_insert(_rules, missing)
