"""The content model: every document's fields and their kinds, as code.

Keys are fixed (CONTENT_MODEL.md); what a person reads about them — labels,
questions, guidance, whether they are required — comes from the profile.
"""

from socinv.model.schema import DOCUMENTS, Field, Kind, field_paths

__all__ = ["DOCUMENTS", "Field", "Kind", "field_paths"]
