class DemoError(Exception):
    """The demo or dataset cannot be loaded into this workspace (for example, it is not empty)."""


class DatasetError(Exception):
    """A dataset folder or file is missing or malformed. The message names the path."""
