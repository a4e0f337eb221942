"""The officer credibility registry (Brady/Giglio list) without Django: the spreadsheet offices keep
(header guessing, row validation, export rows) and the official's identity as a watch entry, so the
registry's alerts are judged by the one matcher of the systemic review (``systemic.watch_rules``)."""
