"""Commands for the views capability (registered on the shared app when imported)."""
