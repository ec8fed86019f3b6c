"""socinv — a municipality's social investment fund as a folder of documents."""

__version__ = "0.1.0"

from socinv import classcode  # before any dataclass of socinv is made

classcode.install()
