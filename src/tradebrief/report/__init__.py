"""Output: section builders, charts, the brief and its rendering to HTML and PDF."""
