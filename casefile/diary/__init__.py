"""The diary: dated tasks and deadlines with an owner."""
