"""qualcheck: checks a translated news story against its reference, sentence by sentence.

    from qualcheck import check
    report = check(reference_text, candidate_text)
    report.findings.to_dataframe(); report.alignment; report.to_json()
"""
from .errors import QualcheckError
from .pipeline import check, check_files
from .report.result import Report
from .settings import Settings
from .types import Alignment, Document, Finding, Sentence
from .version import __version__

__all__ = ["check", "check_files", "Settings", "Report", "Finding", "Alignment", "Sentence", "Document",
           "QualcheckError", "__version__"]
