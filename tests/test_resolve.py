"""Model resolution: local folders, the local Hugging Face cache, and never the network."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from mtcheck.backtranslate import load_backtranslator
from mtcheck.backtranslate.base import DecodeSettings, ModelUnavailable
from mtcheck.backtranslate.resolve import (
    download_model,
    hub_cache_dir,
    local_identity,
    looks_like_path,
    model_info,
    resolve_model,
)

COMMIT = "0123456789abcdef0123456789abcdef01234567"
REPO = "tiny-org/opus-mt-tiny"


def fake_hub(hub: Path, model_dir: Path, repo: str = REPO, commit: str = COMMIT,
             skip: tuple[str, ...] = ()) -> Path:  # fmt: skip
    """Lay out ``model_dir`` the way huggingface_hub caches it: blobs, snapshots, refs."""
    storage = hub / ("models--" + repo.replace("/", "--"))
    snapshot = storage / "snapshots" / commit
    (storage / "blobs").mkdir(parents=True, exist_ok=True)
    snapshot.mkdir(parents=True, exist_ok=True)
    for f in sorted(model_dir.iterdir()):
        if f.name in skip:
            continue
        data = f.read_bytes()
        blob = storage / "blobs" / hashlib.sha256(data).hexdigest()
        blob.write_bytes(data)
        (snapshot / f.name).symlink_to(Path("..", "..", "blobs", blob.name))
    (storage / "refs").mkdir(exist_ok=True)
    (storage / "refs" / "main").write_text(commit)
    return snapshot


@pytest.fixture
def empty_hf_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "hf-home"
    home.mkdir()
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.delenv("HUGGINGFACE_HUB_CACHE", raising=False)
    return home


def test_local_folder_resolves_with_content_identity(tiny_marian_dir: Path, tmp_path: Path) -> None:
    resolved = resolve_model(str(tiny_marian_dir))
    assert resolved.source == "local"
    assert resolved.path == tiny_marian_dir.resolve()
    assert resolved.identity.startswith("sha256:")
    # The identity follows the content, not the folder's name or place.
    copy = tmp_path / "elsewhere"
    shutil.copytree(tiny_marian_dir, copy)
    assert resolve_model(str(copy)).identity == resolved.identity
    (copy / "vocab.json").write_text((copy / "vocab.json").read_text() + "\n")
    assert resolve_model(str(copy)).identity != resolved.identity


def test_local_hashes_are_remembered(tiny_marian_dir: Path, tmp_path: Path,
                                     _private_cache: Path) -> None:  # fmt: skip
    copy = tmp_path / "model"
    shutil.copytree(tiny_marian_dir, copy)
    first = local_identity(copy)
    memo_path = _private_cache / "model-hashes.json"
    memo = json.loads(memo_path.read_text())
    weights_key = str((copy / "model.safetensors").resolve())
    assert weights_key in memo
    # Same size and mtime: the remembered digest is trusted, the file is not re-read.
    memo[weights_key]["sha256"] = "0" * 64
    memo_path.write_text(json.dumps(memo))
    assert local_identity(copy) != first
    # A touched file is hashed again.
    weights = copy / "model.safetensors"
    weights.write_bytes(weights.read_bytes())
    assert local_identity(copy) == first


def test_missing_or_incomplete_local_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="does not exist"):
        resolve_model(str(tmp_path / "nope"))
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "config.json").write_text("{}")
    with pytest.raises(ModelUnavailable) as info:
        resolve_model(str(tmp_path / "half"))
    message = str(info.value)
    assert "not a Marian model folder" in message and "source.spm" in message
    assert "model.safetensors or pytorch_model.bin" in message


def test_missing_hub_model_offline_is_one_clear_line(empty_hf_home: Path) -> None:
    with pytest.raises(ModelUnavailable) as info:
        resolve_model("Helsinki-NLP/opus-mt-fr-en", "main")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("model Helsinki-NLP/opus-mt-fr-en")
    assert "mtcheck model download" in message and "--model" in message
    assert "HF_HUB_OFFLINE=1" in message
    assert str(empty_hf_home / "hub") in message


def test_check_never_goes_online_even_when_allowed(
    empty_hf_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With HF_HUB_OFFLINE unset, resolving still only looks at the disk (the conftest
    socket guard would fail the test on any connection attempt)."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "0")
    with pytest.raises(ModelUnavailable) as info:
        resolve_model("Helsinki-NLP/opus-mt-fr-en")
    assert "HF_HUB_OFFLINE" not in str(info.value)
    assert "not in the local Hugging Face cache" in str(info.value)


def test_hf_home_is_honoured(tiny_marian_dir: Path, empty_hf_home: Path) -> None:
    snapshot = fake_hub(empty_hf_home / "hub", tiny_marian_dir)
    assert hub_cache_dir() == empty_hf_home / "hub"
    resolved = resolve_model(REPO)
    assert resolved.source == "hub-cache"
    assert resolved.path == snapshot
    assert resolved.commit == COMMIT
    assert resolved.identity == f"{REPO}@{COMMIT}"
    assert resolve_model(REPO, COMMIT).path == snapshot  # a commit hash as revision
    with pytest.raises(ModelUnavailable, match="revision v2"):
        resolve_model(REPO, "v2")


def test_hf_hub_cache_wins_over_hf_home(
    tiny_marian_dir: Path, empty_hf_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "hub-cache"
    snapshot = fake_hub(other, tiny_marian_dir)
    monkeypatch.setenv("HF_HUB_CACHE", str(other))
    assert resolve_model(REPO).path == snapshot


def test_partly_cached_hub_model(tiny_marian_dir: Path, empty_hf_home: Path) -> None:
    fake_hub(empty_hf_home / "hub", tiny_marian_dir, skip=("model.safetensors",))
    with pytest.raises(ModelUnavailable) as info:
        resolve_model(REPO)
    assert "only partly cached" in str(info.value)
    assert "mtcheck model download" in str(info.value)


def test_load_from_fake_hub_and_translate(tiny_marian_dir: Path, empty_hf_home: Path) -> None:
    fake_hub(empty_hf_home / "hub", tiny_marian_dir)
    bt = load_backtranslator(
        REPO,
        backend="transformers",
        settings=DecodeSettings(max_new_tokens=8),
        revision="main",
        quantize=False,
    )
    assert bt.identity == f"{REPO}@{COMMIT}"
    out = bt.translate(["Bonjour."])[0]
    assert len(out.tokens) == len(out.logprobs) == len(out.alignment)
    with pytest.raises(ModelUnavailable, match="mtcheck model download"):
        load_backtranslator(
            "tiny-org/absent", backend="auto", settings=DecodeSettings(), revision=None,
            quantize=False,
        )  # fmt: skip


def test_download_refuses_when_offline(empty_hf_home: Path, tiny_marian_dir: Path) -> None:
    with pytest.raises(ModelUnavailable) as info:
        download_model("Helsinki-NLP/opus-mt-fr-en", "main")
    assert "\n" not in str(info.value) and "HF_HUB_OFFLINE" in str(info.value)
    with pytest.raises(ModelUnavailable, match="HF_HUB_OFFLINE"):
        resolve_model("Helsinki-NLP/opus-mt-fr-en", allow_download=True)
    with pytest.raises(ModelUnavailable, match="local folder"):
        download_model(str(tiny_marian_dir))
    assert not any((empty_hf_home / "hub").glob("models--*"))


def test_model_info(tiny_marian_dir: Path, empty_hf_home: Path) -> None:
    info = model_info(str(tiny_marian_dir))
    assert info["available"] is True and info["kind"] == "local"
    names = {f["name"] for f in info["files"]}  # type: ignore[attr-defined]
    assert {"config.json", "model.safetensors", "source.spm", "vocab.json"} <= names
    assert info["size_bytes"] == sum(f.stat().st_size for f in tiny_marian_dir.iterdir())
    assert str(info["identity"]).startswith("sha256:")

    missing = model_info("Helsinki-NLP/opus-mt-fr-en")
    assert missing["available"] is False and missing["kind"] == "hub"
    assert "mtcheck model download" in str(missing["reason"])
    assert missing["hub_cache"] == str(empty_hf_home / "hub")

    fake_hub(empty_hf_home / "hub", tiny_marian_dir)
    cached = model_info(REPO)
    assert cached["available"] is True and cached["commit"] == COMMIT
    assert cached["identity"] == f"{REPO}@{COMMIT}"


@pytest.mark.parametrize(
    ("name", "is_path"),
    [
        ("Helsinki-NLP/opus-mt-fr-en", False),
        ("opus-mt-fr-en", False),
        ("./models/opus", True),
        ("/opt/models/opus", True),
        ("~/models/opus", True),
        ("a/b/c", True),
    ],
)
def test_looks_like_path(name: str, is_path: bool) -> None:
    assert looks_like_path(name) is is_path
