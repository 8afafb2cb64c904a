"""Direct quotations and their speakers, from article bodies, with rules only (no model).

`extract_quotes(article)` returns one `Quote` per quotation (a quotation split around its cue,
`"...," she said, "..."`, gives two Quotes with the same speaker, cue and context). The steps:
quote marks to spans (`marks`: a quotation reopened mid-block in merged copy goes on, one never
closed ends before the next cue), sentences around them (`frames`), the cue and the speaker
phrase next to each (`cues`, `speakers`, `subjects`, `objects` for speakers in object
position, `others`, `colons`, `introductions`, `headings`, `signoff`), then who the phrase is
(`resolver`): a name at its fullest (`coref`, `persons`, acronyms), "he"/"she" the person the
narrative last made its subject (`antecedents`: names behind their roles, clause subjects,
agents, sources), "it"/"they" a named body, a description the person or body the narrative is
about, written "Jeremy Irons, the British actor" (`referring_descriptions`; an office alone or
someone the article may never name stays as written).

Quotations with no cue of their own continue the previous speaker's words, take the subject
of the sentence before (`adjacent`), a known speaker (`known`), or in a piece that is mostly one
person's words, that person (`profile`). Quotations for which no speaker phrase is found are
dropped: a wrong or missing speaker is worse than no answer. A speaker phrase that cannot be
resolved (a pronoun with no antecedent) is kept with `speaker=None` and confidence at most 0.3.

Each quote's speaker is also an entity (`entities.py`): a kind (person, organisation or
description), a canonical name and id, and for a described speaker whom it speaks for
("a spokesman for Mr Corbyn" speaks for Jeremy Corbyn; `speaker_descriptions` reads such
phrases into a role and whom it mentions). "Jeremy Irons, the British actor" is the person
Jeremy Irons. `registry.SpeakerRegistry` merges them across an archive's articles.

`speaker_matches(query, speaker)` is the forgiving match of one name; `who-said --speaker`
looks entities up in a `directory.SpeakerDirectory`, which folds every speaker once and takes a
word some speaker has as meant (typos only for words no speaker has);
`registry.denotes(typed, entity)` says whether a typed name denotes one entity.
"""

from retrieval.quotes.extract import extract_quotes
from retrieval.quotes.names import speaker_key, speaker_matches

__all__ = ["extract_quotes", "speaker_key", "speaker_matches"]
