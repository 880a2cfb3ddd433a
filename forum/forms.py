"""What every form of the pages shares: a service's refusal shown beside the field it is about.

The forms check presence and shape; everything else is the services' to decide, so a page and
the API agree. A view asks `form.validate_on_submit() and form.accepts(service, ...)`: the
service runs once, its answer is kept in `form.result`, and a ValidationError it raises is shown
beside its field instead.
"""
from flask_wtf import FlaskForm
from flask_wtf.csrf import _FlaskFormCSRF  # Flask-WTF's form CSRF, extended below

from forum.csrf_tokens import csrf_token
from forum.services import ValidationError

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # WTForms before 3.3 takes (value, label) pairs
    def SelectChoice(value, label):  # noqa: N802  (stands in for the class)
        return value, label

__all__ = ["ForumForm", "SelectChoice"]


class _KeptCSRF(_FlaskFormCSRF):
    """Flask-WTF's form CSRF, its field drawn with the session's kept signed token
    (forum/csrf_tokens.py): a page whose view builds a form and whose layout asks csrf_token()
    shows one token, whichever asks first. Checking a submitted token is Flask-WTF's own."""

    def generate_csrf_token(self, csrf_token_field) -> str:
        return csrf_token()


class ForumForm(FlaskForm):
    """A Flask-WTF form that can show a service's ValidationError next to the right field."""

    class Meta(FlaskForm.Meta):
        csrf_class = _KeptCSRF

    result = None

    def accepts(self, service, *args, **kwargs) -> bool:
        """Call the service with this submission; True with its answer in `result`, or False
        with its ValidationError shown beside the field."""
        try:
            self.result = service(*args, **kwargs)
        except ValidationError as error:
            self.add_service_error(error)
            return False
        return True

    def add_service_error(self, error: ValidationError) -> None:
        """Attach the error to its field, or to the whole form when the field is not one to see."""
        field = self._fields.get(error.field or "")
        if field is None or field.type in ("HiddenField", "CSRFTokenField"):
            self.form_errors.append(error.message)
        else:
            field.errors = [*field.errors, error.message]
