"""PageIndex: a tantivy index of document pages, searched with the permission filter inside the query."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import tantivy

from habeas.domain.search.analysis import TOKENIZER_NAME, text_analyzer
from habeas.domain.search.hits import PageDoc, PageHit, SearchFilters, SearchResult
from habeas.domain.search.query import And, Node, Not, Or, Terms, positive_leaves, query_parse
from habeas.domain.search.snippets import Highlighter

F_PAGE, F_DOCUMENT, F_CASE, F_NUMBER = "page_id", "document_id", "case_id", "page_number"
F_TEXT, F_TYPE, F_DATE = "text", "doc_type", "doc_date"
MAX_ID = 2**63 - 1
MAX_RANGE_RUNS = 4  # case filter shapes, see PageIndex.case_filter
MAX_EXCLUDED_IDS = 2000
MAX_SHOULD_TERMS = 512
EXACT_BOOST = 2.0  # rodriguez~ ranks "Rodriguez" above "Rodriquez"

T = TypeVar("T")


class SearchError(RuntimeError):
    """The search engine failed (not the reviewer's query); tantivy's error is the cause."""


def _is_panic(exc: BaseException) -> bool:
    return type(exc).__name__ == "PanicException"


def _guard(what: str, fn: Callable[[], T]) -> T:
    """Run a tantivy call; its errors (including Rust panics, a BaseException) become SearchError."""
    try:
        return fn()
    except (ValueError, RuntimeError, OverflowError, OSError, TypeError) as exc:
        raise SearchError(f"{what} failed: {exc}") from exc
    except BaseException as exc:
        if _is_panic(exc):
            raise SearchError(f"{what} failed: {exc}") from exc
        raise


def schema_build() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field(F_PAGE, indexed=True, fast=True)
    sb.add_unsigned_field(F_DOCUMENT, indexed=True, fast=True)
    sb.add_unsigned_field(F_CASE, indexed=True, fast=True)
    sb.add_integer_field(F_NUMBER, fast=True)
    sb.add_text_field(F_TEXT, stored=True, tokenizer_name=TOKENIZER_NAME, index_option="position")
    sb.add_text_field(F_TYPE, tokenizer_name="raw", index_option="basic")
    sb.add_date_field(F_DATE, indexed=True, fast=True)
    return sb.build()


def _id(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise ValueError(f"{name} must be a non-negative int, got {value!r}")
    return value


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _filter(q: tantivy.Query) -> tuple[tantivy.Occur, tantivy.Query]:
    """A MUST clause that restricts without changing scores."""
    return tantivy.Occur.Must, tantivy.Query.const_score_query(q, 0.0)


class PageIndex:
    """Pages of documents in a tantivy index at ``path`` (created if missing) or in RAM (None).

    Writes take the index's single IndexWriter (tantivy's lock file; also a thread lock here), commit
    once, wait for merges and release it, so a web process and a worker can both write, one at a
    time. Readers reload after our commits and, for other processes' commits, on tantivy's watch.
    """

    def __init__(
        self,
        path: Path | None,
        *,
        writer_heap_bytes: int = 128_000_000,
        writer_threads: int = 2,
        writer_lock_timeout: float = 30.0,
        snippet_chars: int = 200,
    ) -> None:
        self.path = path
        self.schema = schema_build()
        if path is None:
            self._index = tantivy.Index(self.schema)
        else:
            path.mkdir(parents=True, exist_ok=True)
            self._index = tantivy.Index(self.schema, path=str(path), reuse=True)
        self._index.register_tokenizer(TOKENIZER_NAME, text_analyzer())
        self._heap = writer_heap_bytes
        self._threads = writer_threads
        self._lock_timeout = writer_lock_timeout
        self._write_lock = threading.Lock()
        self.snippet_chars = snippet_chars

    # --- writing -----------------------------------------------------------------------------------

    def _writer_acquire(self) -> tantivy.IndexWriter:
        deadline = time.monotonic() + self._lock_timeout
        delay = 0.01
        while True:
            try:
                return self._index.writer(heap_size=self._heap, num_threads=self._threads)
            except ValueError as exc:
                if "LockBusy" not in str(exc) or time.monotonic() > deadline:
                    raise SearchError(f"cannot open the index writer: {exc}") from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)

    @contextmanager
    def _writing(self) -> Iterator[tantivy.IndexWriter]:
        with self._write_lock:
            writer = self._writer_acquire()
            try:
                yield writer
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()  # consumes the writer: the lock file is released
                self._index.reload()

    def _id_query(self, field: str, value: int) -> tantivy.Query:
        # delete_documents_by_term(field, int) builds an i64 term that never matches a u64 field
        # (tantivy-py 0.27), so deletes go through a term query, which takes the field's type.
        return tantivy.Query.term_query(self.schema, field, value)

    def pages_add(self, pages: Iterable[PageDoc]) -> int:
        """Index pages in one commit; a page_id already in the index is replaced. Returns the count."""
        count = 0
        with self._writing() as writer:
            self._index.reload()
            # On an empty index only repeats within this batch need a delete (saves a delete per page).
            empty = self._index.searcher().num_docs == 0
            seen: set[int] = set()
            for page in pages:
                page_id = _id(page.page_id, "page_id")
                if not empty or page_id in seen:
                    writer.delete_documents_by_query(self._id_query(F_PAGE, page_id))
                if empty:
                    seen.add(page_id)
                doc = tantivy.Document()
                doc.add_unsigned(F_PAGE, page_id)
                doc.add_unsigned(F_DOCUMENT, _id(page.document_id, "document_id"))
                doc.add_unsigned(F_CASE, _id(page.case_id, "case_id"))
                doc.add_integer(F_NUMBER, int(page.page_number))
                doc.add_text(F_TEXT, page.text)
                if page.doc_type:
                    doc.add_text(F_TYPE, page.doc_type)
                if page.doc_date is not None:
                    doc.add_date(F_DATE, _midnight(page.doc_date))
                writer.add_document(doc)
                count += 1
        return count

    def document_delete(self, document_id: int) -> None:
        with self._writing() as writer:
            writer.delete_documents_by_query(
                self._id_query(F_DOCUMENT, _id(document_id, "document_id"))
            )

    def pages_delete(self, page_ids: Iterable[int]) -> None:
        with self._writing() as writer:
            for page_id in page_ids:
                writer.delete_documents_by_query(self._id_query(F_PAGE, _id(page_id, "page_id")))

    def clear(self) -> None:
        with self._writing() as writer:
            writer.delete_all_documents()

    def reload(self) -> None:
        """See other processes' commits now (tantivy's file watcher also does it within ~1 s)."""
        self._index.reload()

    def count(self) -> int:
        """Pages in the index (all cases: for admin/monitoring, never for a reviewer)."""
        return self._index.searcher().num_docs

    # --- searching ---------------------------------------------------------------------------------

    def _user_query(self, node: Node) -> tantivy.Query:
        s = self.schema
        if isinstance(node, Terms):
            tokens: list[str | tuple[int, str]] = list(node.tokens)
            if node.kind == "prefix":
                return tantivy.Query.phrase_prefix_query(s, F_TEXT, tokens)
            if node.kind == "fuzzy":
                parts = []
                for tok in node.tokens:
                    exact = tantivy.Query.term_query(s, F_TEXT, tok)
                    if len(tok) < 3:
                        parts.append(exact)
                        continue
                    fuzzy = tantivy.Query.fuzzy_term_query(s, F_TEXT, tok, distance=node.distance)
                    parts.append(
                        tantivy.Query.boolean_query(
                            [
                                (tantivy.Occur.Must, fuzzy),
                                (
                                    tantivy.Occur.Should,
                                    tantivy.Query.boost_query(exact, EXACT_BOOST),
                                ),
                            ]
                        )
                    )
                if len(parts) == 1:
                    return parts[0]
                return tantivy.Query.boolean_query([(tantivy.Occur.Must, p) for p in parts])
            if len(tokens) == 1:
                return tantivy.Query.term_query(s, F_TEXT, node.tokens[0])
            return tantivy.Query.phrase_query(s, F_TEXT, tokens, slop=node.slop)
        if isinstance(node, And):
            clauses = [
                (tantivy.Occur.MustNot, self._user_query(c.child))
                if isinstance(c, Not)
                else (tantivy.Occur.Must, self._user_query(c))
                for c in node.children
            ]
            return tantivy.Query.boolean_query(clauses)
        if isinstance(node, Or):
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, self._user_query(c)) for c in node.children]
            )
        raise ValueError(
            "a NOT clause needs a positive term beside it"
        )  # query_parse prevents this

    def case_filter(self, case_ids: Collection[int]) -> tantivy.Query:
        """A query matching exactly the pages whose case_id is in ``case_ids``, shaped for speed.

        tantivy's term set builds a bitset from the postings of every allowed case on every search
        (about 20 ms for 1M pages when all cases are allowed), while a range on the case_id fast
        field is checked lazily, per candidate page. So, exactly equivalent forms:
        - a few runs of consecutive ids (e.g. every case): OR of fast-field ranges;
        - nearly all ids of a span: the span's range AND NOT the (few) missing ids;
        - otherwise: OR of term queries (small sets) or one term set.
        """
        s = self.schema
        ids = sorted(case_ids)
        runs: list[tuple[int, int]] = []
        if ids and ids[-1] - ids[0] + 1 == len(ids):  # one run, e.g. every case: skip the loop
            runs.append((ids[0], ids[-1]))
            ids = []
        for i in ids:
            if runs and i == runs[-1][1] + 1:
                runs[-1] = (runs[-1][0], i)
            elif not runs or i != runs[-1][1]:
                runs.append((i, i))

        def span(lo: int, hi: int) -> tantivy.Query:
            return tantivy.Query.range_query(s, F_CASE, tantivy.FieldType.Unsigned, lo, hi)

        if len(runs) <= MAX_RANGE_RUNS:
            if len(runs) == 1:
                return span(*runs[0])
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, span(lo, hi)) for lo, hi in runs]
            )
        lo, hi = runs[0][0], runs[-1][1]
        missing = (hi - lo + 1) - len(ids)
        if missing <= MAX_EXCLUDED_IDS and missing * 4 <= len(ids):
            gaps = [
                g for (_, a), (b, _) in zip(runs, runs[1:], strict=False) for g in range(a + 1, b)
            ]
            return tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Must, span(lo, hi)),
                    (tantivy.Occur.MustNot, tantivy.Query.term_set_query(s, F_CASE, gaps)),
                ]
            )
        if len(ids) <= MAX_SHOULD_TERMS:
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.term_query(s, F_CASE, i)) for i in ids]
            )
        return tantivy.Query.term_set_query(s, F_CASE, ids)

    def query_build(
        self, node: Node, case_ids: Collection[int], filters: SearchFilters
    ) -> tantivy.Query:
        """MUST(user query) AND MUST(case_id in case_ids) AND MUST(each filter), filters scoring 0."""
        s = self.schema
        clauses = [
            (tantivy.Occur.Must, self._user_query(node)),
            _filter(self.case_filter(case_ids)),
        ]
        if filters.doc_types:
            clauses.append(
                _filter(tantivy.Query.term_set_query(s, F_TYPE, sorted(filters.doc_types)))
            )
        if filters.document_ids:
            ids = sorted(_id(i, "document_id") for i in filters.document_ids)
            clauses.append(_filter(tantivy.Query.term_set_query(s, F_DOCUMENT, ids)))
        if filters.date_from is not None or filters.date_to is not None:
            clauses.append(
                _filter(
                    tantivy.Query.range_query(
                        s,
                        F_DATE,
                        tantivy.FieldType.Date,
                        lower_bound=_midnight(filters.date_from) if filters.date_from else None,
                        upper_bound=_midnight(filters.date_to) if filters.date_to else None,
                    )
                )
            )
        return tantivy.Query.boolean_query(clauses)

    def search(
        self,
        query: str,
        *,
        case_ids: Collection[int],
        filters: SearchFilters = SearchFilters(),  # noqa: B008 - frozen, so a safe default
        limit: int = 20,
        offset: int = 0,
        snippets: bool = True,
    ) -> SearchResult:
        """Pages matching ``query`` among the cases in ``case_ids`` (the user's visible cases).

        Raises QuerySyntaxError for a bad query (even when case_ids is empty), ValueError for bad
        arguments, SearchError if tantivy fails. ``total`` is exact; hits are by score, ties in
        document / page order.
        """
        node = query_parse(query)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise ValueError(f"limit must be an int >= 0, got {limit!r}")
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise ValueError(f"offset must be an int >= 0, got {offset!r}")
        allowed = frozenset(case_ids)
        if allowed and (
            not all(type(c) is int for c in allowed) or min(allowed) < 0 or max(allowed) > MAX_ID
        ):
            raise ValueError("case_ids must be non-negative ints")
        if not allowed:
            return SearchResult(total=0, hits=[])
        if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            return SearchResult(total=0, hits=[])
        q = _guard("building the query", lambda: self.query_build(node, allowed, filters))
        searcher = self._index.searcher()
        # tantivy panics on limit 0: ask for 1 and drop it (the count is the same).
        result = _guard(
            "search", lambda: searcher.search(q, limit=max(limit, 1), count=True, offset=offset)
        )
        count = getattr(result, "count", None)  # present at runtime, missing from tantivy's stub
        total = int(count) if count is not None else 0
        if limit == 0 or not result.hits:
            return SearchResult(total=total, hits=[])
        addresses = [addr for _, addr in result.hits]
        cols: dict[str, list[Any]] = {
            f: _guard("reading fast fields", lambda f=f: searcher.fast_field_values(f, addresses))  # type: ignore[misc]
            for f in (F_PAGE, F_DOCUMENT, F_CASE, F_NUMBER)
        }
        rows = []
        for k, (score, addr) in enumerate(result.hits):
            case_id = cols[F_CASE][k]
            if case_id not in allowed:  # cannot happen: the filter is in the query. Never hide it.
                raise SearchError(f"permission filter failed: hit from case {case_id}")
            rows.append(
                (
                    float(score),
                    cols[F_DOCUMENT][k],
                    cols[F_NUMBER][k],
                    cols[F_PAGE][k],
                    case_id,
                    addr,
                )
            )
        rows.sort(key=lambda r: (-r[0], r[1], r[2], r[3]))
        highlighter = Highlighter(positive_leaves(node), self.snippet_chars) if snippets else None
        hits = []
        for score, document_id, page_number, page_id, case_id, addr in rows:
            snippet = ""
            if highlighter is not None:
                doc = _guard("reading a page", lambda addr=addr: searcher.doc(addr))  # type: ignore[misc]
                snippet = highlighter.snippet(doc.get_first(F_TEXT) or "")
            hits.append(
                PageHit(
                    page_id=page_id,
                    document_id=document_id,
                    case_id=case_id,
                    page_number=page_number,
                    score=score,
                    snippet_html=snippet,
                )
            )
        return SearchResult(total=total, hits=hits)
