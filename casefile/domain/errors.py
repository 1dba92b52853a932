"""The one root of the errors that domain code and services raise for a user to read."""


class CasefileError(Exception):
    """A refusal with a message meant for the user; `field` names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class TransitionError(CasefileError):
    """A stage change that the lifecycle does not allow."""


class StaleEditError(CasefileError):
    """Someone else saved the record after this form was opened."""


class NotPermittedError(CasefileError):
    """The acting user's role does not allow this action."""


def ensure_current(expected: int | None, actual: int, what: str) -> None:
    """Refuse an edit made on a form opened before someone else saved the same record."""
    if expected is not None and expected != actual:
        raise StaleEditError(
            f"This {what} was changed by someone else after you opened it. "
            "Reload the page to see their changes, then make yours again."
        )
