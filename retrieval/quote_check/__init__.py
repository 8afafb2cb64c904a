"""`quote-check`: whether and how our coverage carried a quotation a user pastes (exact,
altered with a word diff, paraphrase, not found; narrative words apart; the speaker checked)."""
