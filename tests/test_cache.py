"""The SQLite back-translation cache and the caching wrapper."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from mtcheck.backtranslate.base import Backtranslator, DecodeSettings
from mtcheck.backtranslate.cache import (
    CACHE_FILENAME,
    CachedBacktranslator,
    TranslationCache,
    cache_key,
    score_kind,
)
from mtcheck.types import BackTranslation


class CountingBacktranslator:
    """A fake backend that records every text it is asked to translate."""

    backend = "fake"

    def __init__(
        self,
        identity: str = "model@abc",
        settings: DecodeSettings | None = None,
        fail_on_call: int | None = None,
    ) -> None:
        self.identity = identity
        self.settings = settings or DecodeSettings(batch_size=2)
        self.calls: list[list[str]] = []
        self.fail_on_call = fail_on_call

    def _one(self, text: str, target: str | None = None) -> BackTranslation:
        english = target if target is not None else f"EN({text})"
        return BackTranslation(
            text=english,
            tokens=("▁" + english,),
            token_spans=((0, len(english)),),
            logprobs=(-0.25 * len(text),),
            source_spans=((0, len(text)),),
            alignment=(0,),
        )

    def _record(self, texts: Sequence[str]) -> None:
        self.calls.append(list(texts))
        if self.fail_on_call is not None and len(self.calls) == self.fail_on_call:
            raise RuntimeError("backend crashed")

    def translate(self, texts: Sequence[str]) -> list[BackTranslation]:
        self._record(texts)
        return [self._one(t) if t.strip() else BackTranslation(text="") for t in texts]

    def score(self, texts: Sequence[str], targets: Sequence[str]) -> list[BackTranslation]:
        self._record(texts)
        return [self._one(t, g) for t, g in zip(texts, targets, strict=True)]

    @property
    def sent(self) -> list[str]:
        return [t for call in self.calls for t in call]


TEXTS = ["Premier paragraphe.", "Deuxième, plus long, paragraphe.", "Trois.", "Quatre ici."]


def test_protocol_and_second_run_from_cache(tmp_path: Path) -> None:
    path = tmp_path / "bt.sqlite3"
    inner = CountingBacktranslator()
    cached = CachedBacktranslator(inner, TranslationCache(path))
    assert isinstance(cached, Backtranslator)
    first = cached.translate(TEXTS)
    assert sorted(inner.sent) == sorted(TEXTS)
    assert [bt.text for bt in first] == [f"EN({t})" for t in TEXTS]
    assert cached.misses == 4 and cached.hits == 0

    inner2 = CountingBacktranslator()
    again = CachedBacktranslator(inner2, TranslationCache(path))
    second = again.translate(TEXTS)
    assert inner2.calls == []
    assert second == first
    assert again.hits == 4


def test_only_misses_are_sent_in_batches_and_duplicates_once(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "bt.sqlite3")
    inner = CountingBacktranslator(settings=DecodeSettings(batch_size=2))
    cached = CachedBacktranslator(inner, cache)
    cached.translate(TEXTS[:2])
    inner.calls.clear()
    texts = [TEXTS[2], TEXTS[0], TEXTS[3], "  ", TEXTS[2], "Cinq.", TEXTS[1]]
    out = cached.translate(texts)
    assert sorted(inner.sent) == sorted([TEXTS[2], TEXTS[3], "Cinq."])
    assert all(len(call) <= 2 for call in inner.calls)
    assert [bt.text for bt in out] == [
        f"EN({TEXTS[2]})",
        f"EN({TEXTS[0]})",
        f"EN({TEXTS[3]})",
        "",
        f"EN({TEXTS[2]})",
        "EN(Cinq.)",
        f"EN({TEXTS[1]})",
    ]


def test_key_depends_on_identity_settings_kind_and_text() -> None:
    base = cache_key("m@1", DecodeSettings().cache_key(), "translate", "Bonjour.")
    assert base == cache_key("m@1", DecodeSettings(batch_size=64).cache_key(), "translate",
                             "Bonjour.")  # fmt: skip
    assert base != cache_key("m@2", DecodeSettings().cache_key(), "translate", "Bonjour.")
    assert base != cache_key("m@1", DecodeSettings(beam_size=4).cache_key(), "translate",
                             "Bonjour.")  # fmt: skip
    assert base != cache_key("m@1", DecodeSettings().cache_key(), score_kind("Hi."), "Bonjour.")
    assert base != cache_key("m@1", DecodeSettings().cache_key(), "translate", "Bonjour !")
    assert score_kind("Hi.") != score_kind("Hello.")


def test_other_identity_or_beam_misses_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "bt.sqlite3"
    CachedBacktranslator(CountingBacktranslator(), TranslationCache(path)).translate(TEXTS)
    for inner in (
        CountingBacktranslator(identity="model@def"),
        CountingBacktranslator(settings=DecodeSettings(batch_size=2, beam_size=4)),
        CountingBacktranslator(identity="model@abc+torch-dynamic-int8"),
    ):
        CachedBacktranslator(inner, TranslationCache(path)).translate(TEXTS)
        assert sorted(inner.sent) == sorted(TEXTS)
    # batch_size does not change results, so it does not change the key.
    same = CountingBacktranslator(settings=DecodeSettings(batch_size=7))
    CachedBacktranslator(same, TranslationCache(path)).translate(TEXTS)
    assert same.calls == []


def test_score_is_cached_per_target(tmp_path: Path) -> None:
    path = tmp_path / "bt.sqlite3"
    inner = CountingBacktranslator()
    cached = CachedBacktranslator(inner, TranslationCache(path))
    out = cached.score(TEXTS[:2], ["One.", "Two."])
    assert [bt.text for bt in out] == ["One.", "Two."]
    assert len(inner.sent) == 2
    cached.score(TEXTS[:2], ["One.", "Two."])
    assert len(inner.sent) == 2
    changed = cached.score(TEXTS[:2], ["One.", "Deux."])
    assert changed[1].text == "Deux."
    assert inner.sent[-1] == TEXTS[1] and len(inner.sent) == 3
    # A translation of the same text is a different entry.
    cached.translate([TEXTS[0]])
    assert len(inner.sent) == 4
    with pytest.raises(ValueError):
        cached.score(["a"], ["b", "c"])


def test_corrupt_cache_file_warns_once_and_still_works(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "bt.sqlite3"
    path.write_bytes(b"this is not an SQLite database" * 100)
    with caplog.at_level(logging.WARNING, logger="mtcheck.cache"):
        cache = TranslationCache(path)
        inner = CountingBacktranslator()
        out = CachedBacktranslator(inner, cache).translate(TEXTS)
        CachedBacktranslator(inner, cache).translate(TEXTS)
    assert not cache.enabled
    assert [bt.text for bt in out] == [f"EN({t})" for t in TEXTS]
    assert len(inner.sent) == 8
    warnings = [r.getMessage() for r in caplog.records if r.name == "mtcheck.cache"]
    assert len(warnings) == 1
    assert "\n" not in warnings[0] and "cache off" in warnings[0] and str(path) in warnings[0]


def test_unusable_cache_folder_degrades(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    messages: list[str] = []
    cache = TranslationCache(blocker / "sub" / CACHE_FILENAME, warn=messages.append)
    assert not cache.enabled and len(messages) == 1
    assert cache.get_many(["k"]) == {}
    cache.put_many([("k", BackTranslation(text="x"))])
    assert cache.count() == 0


def test_results_before_a_failing_batch_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "bt.sqlite3"
    inner = CountingBacktranslator(settings=DecodeSettings(batch_size=1), fail_on_call=3)
    with pytest.raises(RuntimeError, match="backend crashed"):
        CachedBacktranslator(inner, TranslationCache(path)).translate(TEXTS)
    assert TranslationCache(path).count() == 2
    retry = CountingBacktranslator(settings=DecodeSettings(batch_size=1))
    out = CachedBacktranslator(retry, TranslationCache(path)).translate(TEXTS)
    assert len(retry.sent) == 2
    assert [bt.text for bt in out] == [f"EN({t})" for t in TEXTS]


def test_a_write_is_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bt.sqlite3"
    cache = TranslationCache(path, warn=lambda msg: None)
    # Make the third insert of a batch fail inside the transaction.
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON backtranslations WHEN NEW.key = 'bad' "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    items = [(k, BackTranslation(text=k)) for k in ("good1", "good2", "bad")]
    cache.put_many(items)
    reader = TranslationCache(path)
    assert reader.get_many(["good1", "good2", "bad"]) == {}
    assert not cache.enabled  # the failed write turned the cache off for this run


def test_wal_mode_and_concurrent_reader(tmp_path: Path) -> None:
    path = tmp_path / "bt.sqlite3"
    writer = TranslationCache(path)
    reader = TranslationCache(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    errors: list[BaseException] = []
    seen: list[int] = []

    def read() -> None:
        try:
            for _ in range(50):
                got = reader.get_many([f"k{i}" for i in range(200)])
                # Whole batches of 10 only: a transaction is never seen half-written.
                assert len(got) % 10 == 0
                seen.append(len(got))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=read)
    thread.start()
    for b in range(20):
        writer.put_many(
            [(f"k{i}", BackTranslation(text=str(i))) for i in range(b * 10, b * 10 + 10)]
        )
    thread.join()
    assert errors == []
    assert writer.enabled and reader.enabled
    assert reader.get_many(["k0", "k199"])["k199"].text == "199"
    assert seen == sorted(seen)


def test_unreadable_entry_is_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "bt.sqlite3"
    cache = TranslationCache(path)
    cache.put_many([("k", BackTranslation(text="ok")), ("j", BackTranslation(text="fine"))])
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE backtranslations SET value = '{broken' WHERE key = 'k'")
    got = TranslationCache(path).get_many(["k", "j"])
    assert list(got) == ["j"]


def test_open_default_uses_the_cache_dir(_private_cache: Path) -> None:
    cache = TranslationCache.open_default()
    assert cache.path == _private_cache / CACHE_FILENAME
    assert cache.enabled
    cache.close()


def test_real_backend_round_trips_through_the_cache(tiny_marian_dir: Path, tmp_path: Path) -> None:
    from mtcheck.backtranslate.transformers_backend import TransformersBacktranslator

    model = TransformersBacktranslator(
        tiny_marian_dir, "tiny@1", DecodeSettings(max_new_tokens=16, batch_size=2), threads=1
    )
    texts = ["Le sommet s’est terminé sans déclaration commune.", "Bonjour.", "Trois suspects."]
    path = tmp_path / "bt.sqlite3"
    fresh = CachedBacktranslator(model, TranslationCache(path)).translate(texts)
    calls: list[int] = []
    real = model.translate

    def counting(batch: Sequence[str]) -> list[BackTranslation]:
        calls.append(len(batch))
        return real(batch)

    model.translate = counting  # type: ignore[method-assign]
    cached = CachedBacktranslator(model, TranslationCache(path)).translate(texts)
    assert calls == []
    assert cached == fresh  # floats survive the JSON round trip exactly
