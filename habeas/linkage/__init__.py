"""Person resolution across an organization's records: the people on its cases (with their aliases),
the names confirmed from documents, the parties of its cases and the people in its bulk conviction
records become groups ("canonical persons") with the evidence for every link.

The model work is ``habeas.domain.linkage.person_link`` (Splink on DuckDB or Spark); this app collects the
records (``sources``), stores a run's groups and scored pairs, keeps the human decisions that
override the model (a merge or a split survives every later run) and answers who may see what."""
