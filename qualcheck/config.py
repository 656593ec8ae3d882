"""Moved to ``qualcheck.settings``; this name stays only until the batch package (batch-shape) imports
``qualcheck.settings`` itself. Remove it then."""
from .settings import FAIL_ON, Settings, build_settings, cache_max_mb  # noqa: F401
