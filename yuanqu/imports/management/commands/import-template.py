"""`yuanqu import-template` (the hyphenated name); the command lives in import_template.py."""
from .import_template import Command  # noqa: F401
