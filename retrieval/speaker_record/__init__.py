"""A speaker's record: everything one person said in our coverage, newest first, grouped by
story, with counts per month and the outlets that carried it."""

from retrieval.speaker_record.model import SpeakerRecord, Story, StoryQuote
from retrieval.speaker_record.record import speaker_record

__all__ = ["SpeakerRecord", "Story", "StoryQuote", "speaker_record"]
