"""The people the tests act as: a newcomer, a regular member, a peer mentor, a moderator, an
admin and a troll. Every persona's password is PASSWORD."""
from forum.models import Role

PASSWORD = "a long enough passphrase 42"
PERSONAS = {
    "newcomer": Role.MEMBER,  # Nell, who joined tonight
    "member": Role.MEMBER,  # Sam, a regular
    "mentor": Role.MENTOR,  # Pat, a peer mentor
    "moderator": Role.MODERATOR,  # Mo
    "admin": Role.ADMIN,  # Ada
    "troll": Role.MEMBER,  # Tro, who tests the boundaries
}
PERSONA_HANDLES = {"newcomer": "Nell", "member": "SamRiver", "mentor": "PatMentor",
                   "moderator": "MoKeeper", "admin": "AdaGarden", "troll": "TroBridge"}
