"""Adapters over the retrieval library: CLI harness, settings, Discord client."""
