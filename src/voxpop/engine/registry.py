"""Model files under ``DATA_DIR/models/``: written atomically, read back by version."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

from django.conf import settings

from voxpop.engine.model import TaggingModel


def models_dir() -> Path:
    return Path(settings.DATA_DIR) / "models"


def save_model(model: TaggingModel, version: str) -> str:
    """Write the fitted model as ``<version>.pkl``; returns the file name."""
    directory = models_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{version}.pkl"
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".partial-", suffix=".pkl")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, directory / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name


def load_model(file_name: str) -> TaggingModel:
    """The model in ``file_name``, read once per process (a version's file never changes)."""
    path = models_dir() / file_name
    key = (str(path), path.stat().st_mtime_ns)
    cached = _loaded.get(key)
    if cached is None:
        cached = _read(path)
        _loaded.clear()  # keep one model in memory: the active one
        _loaded[key] = cached
    return cached


_loaded: dict[tuple[str, int], TaggingModel] = {}


def _read(path: Path) -> TaggingModel:
    file_name = path.name
    # Only files this process wrote into the private data directory are ever loaded.
    with path.open("rb") as handle:
        model = pickle.load(handle)  # noqa: S301
    if not isinstance(model, TaggingModel):
        raise TypeError(f"{file_name} does not hold a tagging model")
    return model
