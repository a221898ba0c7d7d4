"""Duplicate candidates: find them, review them, merge them in batch and undo merges.

Stages: prepare the rows' keys, block, compare, score, cluster, then the review sheet and the
merge; each stage is its own module.
"""

from .core import DedupeSettings, DuplicateGroup, find_duplicates

__all__ = ["DedupeSettings", "DuplicateGroup", "find_duplicates"]
