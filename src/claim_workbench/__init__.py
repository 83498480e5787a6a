"""The claim-verification workbench: command line, Textual app, claim extraction and reports."""

__version__ = "0.1.0"
