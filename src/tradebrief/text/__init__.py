"""The text layer: the only place words are made (numbers, phrases, markup), in every language.

`numbers` spells figures, `words` writes phrases from data, `catalog` holds every phrase template per
language, `markup` keeps input text from becoming Markdown. It imports `data` (code tables, country
names) and nothing above it: analysis, claims and report call it, never the other way round.
"""
