"""Views of future-role preferences and follow-ups: pure pandas filters (``filters``) and the
sheets they are written to (``sheets``)."""
