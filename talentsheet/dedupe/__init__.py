"""Duplicate candidates: find them, review them, merge them in batch and undo merges.

Stages, one module each: ``prepare`` (keys per field) -> ``block`` (which pairs to compare) ->
``compare`` (a level per field) -> ``score`` (Fellegi-Sunter weights estimated on the sheet) ->
``cluster`` (whole groups, cannot-links kept apart); ``pipeline`` runs them, ``settings`` holds
what can be tuned; then the review sheet (``review``) and the merge (``merge``).
"""

from .cluster import DuplicateGroup
from .pipeline import analyse, find_duplicates, match_new_rows
from .settings import DedupeSettings

__all__ = ["DedupeSettings", "DuplicateGroup", "analyse", "find_duplicates", "match_new_rows"]
