"""Direct quotations and their speakers, from article bodies, with rules only (no model).

`extract_quotes(article)` returns one `Quote` per quotation (a quotation split around its cue,
`"...," she said, "..."`, gives two Quotes with the same speaker, cue and context). Quotations
for which no speaker phrase is found are dropped: the eval showed that keeping them with
`speaker=None` costs precision, and a wrong or missing speaker is worse than no answer. A
speaker phrase that cannot be resolved to a name (a pronoun with no antecedent) is kept with
`speaker=None` and confidence at most 0.3. A quotation with no cue that opens its sentence
takes a speaker the article quotes elsewhere with a strong cue when the sentence before names
only that person (`known.py`), at confidence 0.5.

Each quote's speaker is also an entity (`entities.py`): a kind (person, organisation or
description), a canonical name and id, and for a described speaker whom it speaks for
("a spokesman for Mr Corbyn" speaks for Jeremy Corbyn). `registry.SpeakerRegistry` merges
them across an archive's articles.

`speaker_matches(query, speaker)` is the forgiving match of one name; `who-said --speaker`
looks entities up in a `directory.SpeakerDirectory`, which folds every speaker once and takes a
word some speaker has as meant (typos only for words no speaker has);
`registry.denotes(typed, entity)` says whether a typed name denotes one entity.
"""

from retrieval.quotes.extract import extract_quotes
from retrieval.quotes.names import speaker_key, speaker_matches

__all__ = ["extract_quotes", "speaker_key", "speaker_matches"]
