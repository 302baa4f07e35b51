"""The text layer: the only place words are made, per language; it imports nothing above `data`."""
