"""Commands for the match capability (registered on the shared app when imported)."""
