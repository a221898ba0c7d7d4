"""Commands for the excel capability (registered on the shared app when imported)."""
