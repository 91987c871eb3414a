"""The one error type the analysis engine raises for bad input: its message is one line for a person."""


class InputError(ValueError):
    """Input the engine cannot use (bad file, missing column, unknown theme...).

    The message is a single line meant for the analyst; the command line prints it on stderr.
    """

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))
