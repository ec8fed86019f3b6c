"""The fund folder: locating it, its settings, its cases and their documents."""
