"""qualcheck: checks a translated news story against its reference, sentence by sentence.

    from qualcheck import check
    report = check(reference_text, candidate_text)
    report.findings.to_dataframe(); report.alignment; report.to_json()
"""
__version__ = "0.1.0"

__all__ = ["check", "check_files", "Settings", "Report", "Finding", "Alignment", "Sentence", "QualcheckError", "__version__"]


def __getattr__(name):  # lazy: `import qualcheck` stays light (no torch until a check runs)
    if name in ("check", "check_files"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "Settings":
        from .settings import Settings

        return Settings
    if name in ("Report", "Finding", "Alignment", "Sentence", "Document"):
        from . import types

        return getattr(types, name)
    if name == "QualcheckError":
        from .errors import QualcheckError

        return QualcheckError
    raise AttributeError(name)
