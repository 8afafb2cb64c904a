"""newsbot's retrieval library: articles in, verbatim attributed passages out. No Discord here."""
