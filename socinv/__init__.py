"""socinv — a municipality's social investment fund as a folder of documents."""

__version__ = "0.1.0"
