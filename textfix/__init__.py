"""textfix: repair text damaged by machine translation and web scraping, and explain every change.

>>> import textfix
>>> result = textfix.clean("Alaska **seemed** to be open.")
>>> result.text
'Alaska seemed to be open.'
>>> [e.rule for e in result.edits]
['markdown-emphasis', 'markdown-emphasis']
"""

from .api import Cleaner, clean, clean_corpus
from .config import Config
from .document import Document
from .edits import Edit, Finding, Result, apply_edits, unapply_edits
from .errors import ConfigError, InputError, OutputError, TextfixError
from .lexicon import Lexicon

__all__ = [
    "clean", "clean_corpus", "Cleaner", "Config", "Document", "Result", "Edit", "Finding", "Lexicon",
    "apply_edits", "unapply_edits", "TextfixError", "ConfigError", "InputError", "OutputError",
]
__version__ = "0.1.0"
