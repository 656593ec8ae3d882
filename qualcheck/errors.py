"""Errors a user can act on: the CLI prints the message as one line and exits with 2."""


class QualcheckError(Exception):
    """Bad input or set-up: the message says what was wrong and what to do."""


class InputError(QualcheckError):
    pass


class ModelNotFound(QualcheckError):
    pass
