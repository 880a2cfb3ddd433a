"""The verbs of the forum: check_* validates a member's input, then the doing function writes."""


class ValidationError(Exception):
    """A member's input was refused; `field` names the form field or JSON key at fault."""

    def __init__(self, message: str, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class NotFound(Exception):
    """The thing asked for does not exist, or the viewer may not know that it exists."""


class Forbidden(Exception):
    """The viewer is known but may not do this."""

    def __init__(self, message: str = "You can't do that."):
        super().__init__(message)
        self.message = message


class Conflict(Exception):
    """The thing changed under the viewer (another moderator acted first, or it is closed)."""

    def __init__(self, message: str, code: str = "conflict"):
        super().__init__(message)
        self.message = message
        self.code = code
