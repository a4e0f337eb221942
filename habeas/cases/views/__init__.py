"""Web pages for cases. Thin: each view reads through selectors, writes through services."""
