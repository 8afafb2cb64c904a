"""The embedded index: immutable segments (SQLite store + FAISS + bm25s) listed by a build
manifest, the builder that writes them, and the archive that reads them as one."""
