"""XML text and attribute values, escaped as lxml writes them.

``xml.sax.saxutils`` would do the same but imports urllib, http, email and ssl (5 ms of a
paper's start-up, issue 18).
"""

from __future__ import annotations


def escape(text: str) -> str:
    """XML text: ``&``, ``<`` and ``>`` escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute(text: str) -> str:
    """An attribute value in double quotes: also ``"`` escaped."""
    return escape(text).replace('"', "&quot;")
