"""Capability checks shared by services and views."""

from casefile.domain.errors import NotPermittedError
from casefile.domain.roles import Capability


def require(user, capability: Capability) -> None:
    """Raise `NotPermittedError` unless `user` has `capability`."""
    if user is None or not user.can(capability):
        raise NotPermittedError("Your role does not allow this action.")
