"""Forms for signing up, logging in, recovering an account and changing account settings.

The forms check presence and that two typed passwords match; everything else (handle rules,
password strength) is the account service's to decide, so the page and the API agree.
"""
from wtforms import HiddenField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired

from forum.config import PASSWORD_MIN
from forum.forms import ForumForm, SelectChoice

PASSWORD_HELP = (f"At least {PASSWORD_MIN} characters. A few unrelated words make a strong "
                 "password that is easy to remember.")


def _required(message: str) -> InputRequired:
    return InputRequired(message=message)


class SignupForm(ForumForm):
    """A handle (suggested, editable) and a password typed twice."""

    handle = StringField("Handle", description=(
        "The name other members will see: 3 to 32 letters, digits, '_' or '-'. Please don't use "
        "your real name or anything that could identify you. Leave it empty to get one made up."))
    suggest = SubmitField("Suggest another handle")
    password = PasswordField("Password", [_required("Please choose a password.")],
                             description=PASSWORD_HELP)
    confirm = PasswordField("Password again", [
        _required("Please type the password again."),
        EqualTo("password", message="The two passwords don't match. Please type them again.")])
    submit = SubmitField("Create my account")


class LoginForm(ForumForm):
    """Handle and password."""

    handle = StringField("Handle", [_required("Please type your handle.")])
    password = PasswordField("Password", [_required("Please type your password.")])
    next = HiddenField()
    submit = SubmitField("Log in")


class RecoverForm(ForumForm):
    """Handle, one recovery code, and a new password typed twice."""

    handle = StringField("Handle", [_required("Please type your handle.")])
    code = StringField("Recovery code", [_required("Please type one of your recovery codes.")],
                       description="One of the ten codes you were shown when you signed up, "
                                   "like ABCDE-23456. Each code works once.")
    new_password = PasswordField("New password", [_required("Please choose a new password.")],
                                 description=PASSWORD_HELP)
    confirm = PasswordField("New password again", [
        _required("Please type the new password again."),
        EqualTo("new_password", message="The two passwords don't match. Please type them again.")])
    submit = SubmitField("Set my new password")


class ChangePasswordForm(ForumForm):
    """The current password and a new one typed twice."""

    current_password = PasswordField("Current password",
                                     [_required("Please type your current password.")])
    new_password = PasswordField("New password", [_required("Please choose a new password.")],
                                 description=PASSWORD_HELP)
    confirm = PasswordField("New password again", [
        _required("Please type the new password again."),
        EqualTo("new_password", message="The two passwords don't match. Please type them again.")])
    submit = SubmitField("Change my password")


class NewCodesForm(ForumForm):
    """The password, to make ten new recovery codes."""

    password = PasswordField("Password", [_required("Please type your password.")],
                             description="Your old codes stop working as soon as the new ones "
                                         "are made.")
    submit = SubmitField("Make new recovery codes")


KEEP_CONTENT, ERASE_CONTENT = "keep", "erase"
CONTENT_CHOICES = [
    SelectChoice(KEEP_CONTENT, "Keep what I wrote. My posts stay where they are, signed "
                               "\"deleted member\", so the conversations I was part of still "
                               "make sense."),
    SelectChoice(ERASE_CONTENT, "Erase everything I wrote too: my posts, thread titles and chat "
                                "messages. Replies from others stay in place."),
]


class DeleteAccountForm(ForumForm):
    """Step one of deleting an account: what happens to what the member wrote."""

    content = RadioField("What should happen to what you wrote?", choices=CONTENT_CHOICES,
                         default=KEEP_CONTENT,
                         validators=[_required("Please choose what happens to what you wrote.")])
    submit = SubmitField("Continue")


class ConfirmDeleteForm(ForumForm):
    """Step two: the choice carried over, and the password to confirm."""

    content = HiddenField()
    password = PasswordField("Your password", [_required("Please type your password.")],
                             description="To be sure it's you. This can't be undone.")
    submit = SubmitField("Delete my account for good")
