"""Who gave feedback, as a salted hash: the same person gives the same hash (one vote per
answer, counts per person), and the stored rows cannot be turned back into Discord ids
without the salt, which never leaves the machine."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

SALT_FILE = "feedback.salt"


def salt_for(root: Path, configured: str | None = None) -> bytes:
    """The configured salt, else the one generated for this store and kept beside it."""
    if configured:
        return configured.encode()
    path = Path(root) / SALT_FILE
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = secrets.token_hex(32).encode()
    try:
        # O_EXCL: two processes starting at once agree on one salt (the loser reads it).
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as out:
        out.write(fresh)
    return fresh


def user_hash(salt: bytes, user_id: int | str) -> str:
    return hmac.new(salt, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]
