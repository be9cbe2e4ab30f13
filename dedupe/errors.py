"""Domain errors. Each message says what went wrong and what to do; the CLI prints it on one line."""


class DedupeError(Exception):
    """Base class: anything dedupe refuses to do for a reason the user can fix."""


class SettingsError(DedupeError):
    """A setting has a value outside its documented range."""


class InputError(DedupeError):
    """A path argument cannot be used (missing, not a file or folder, output inside input)."""


class OutputError(DedupeError):
    """Cleaned copies could not be written; nothing partial is left behind."""


class ProblemsFound(DedupeError):
    """`check` found problems (or `fix` removed some): the command did its work and exits 1."""
