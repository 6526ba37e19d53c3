"""Use cases that combine the rules (core), the ledger (storage) and documents, for the GUI and the CLI."""
