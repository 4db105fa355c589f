"""The briefing deck: 16:9 PowerPoint slides with native, editable charts, one deck per language."""

from budgetlib.deck.content import deck_bytes, slides, write_deck

__all__ = ["deck_bytes", "slides", "write_deck"]
