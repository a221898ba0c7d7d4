"""Commands for the dedupe capability (registered on the shared app when imported)."""
