"""Ranking over an archive: dense and lexical candidates, fusion, the focus on the paragraph
that answers, who-said ranking, and the answer-or-abstain rules."""
