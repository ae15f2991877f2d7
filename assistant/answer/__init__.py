"""The answer engine: question analysis, sentence selection, composition, confidence, the
LLM composer and the one answer plan."""
