"""Commands for the validate capability (registered on the shared app when imported)."""
