"""Forms of the recovery pages. The services decide what is valid; these carry the fields."""
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField, TextAreaField

from forum.boards.forms import WarningFields
from forum.config import POST_MAX, TITLE_MAX
from forum.forms import ForumForm, SelectChoice
from forum.services.recovery.checkins import NOTE_MAX
from forum.services.recovery.clock import zone_names
from forum.services.recovery.warnings import CATEGORIES


class RecoveryDateForm(ForumForm):
    """The recovery date, the member's time zone and the badge."""

    date = StringField("Your recovery date", render_kw={"type": "date"},
                       description="The day your current stretch began. Only you see it.")
    time_zone = SelectField("Your time zone", validate_choice=False,
                            description="Your days turn at your own midnight.")
    show_badge = BooleanField("Show my time beside my handle (for example \"90 days\")")
    submit = SubmitField("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = [SelectChoice(z, z.replace("_", " ")) for z in zone_names()]


class RestartForm(ForumForm):
    """Starting again, quietly."""

    date = StringField("When your new start began (leave empty for today)",
                       render_kw={"type": "date"})
    submit = SubmitField("Start again")


class MilestoneForm(ForumForm):
    """The ready-made milestone post, editable before anything is posted."""

    title = StringField("Title", description=f"Up to {TITLE_MAX} characters.")
    body = TextAreaField("Your post", render_kw={"rows": 5},
                         description=f"Up to {POST_MAX:,} characters. Change anything you like.")
    submit = SubmitField("Share it on the Milestones board")


class CheckinForm(WarningFields):
    """The one-click pledge with an optional note (and its content warning, if it needs one)."""

    note = TextAreaField("A note (optional)", render_kw={"rows": 3},
                         description=f"Up to {NOTE_MAX:,} characters. It is posted with your "
                                     "check-in in today's thread.")
    submit = SubmitField("Staying sober today")


WARNING_CHOICES = (("open", "Show"), ("folded", "Fold"), ("hidden", "Hide"))


class WarningsForm(ForumForm):
    """For each content-warning category: show it open, keep it folded, or hide such posts."""

    submit = SubmitField("Save what I see")

    def categories(self):
        """(category id, label, its field) for the template."""
        return [(cid, label, self[f"cw_{cid}"]) for cid, label in CATEGORIES]


for _cid, _label in CATEGORIES:
    setattr(WarningsForm, f"cw_{_cid}", RadioField(
        _label, choices=[SelectChoice(v, t) for v, t in WARNING_CHOICES], default="folded"))
