"""Readers: turn a path (file, folder, .zip, .tar[.gz], .gz) into entries to parse.

Archive member names are only ever shown, never used as paths: members named with
``..``, absolute paths or drive letters, and links or devices, are refused with a
reported error. Every limit (file size, entry count, unpacked bytes, per-document
size) is enforced while reading, since an archive's declared sizes can lie.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import stat
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from voxpop.imports.limits import Limits
from voxpop.imports.records import InputError, RowError

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")


@dataclass
class Entry:
    """One document to parse: a file, a folder's file or an archive member."""

    name: str  # shown in messages: "export.zip:inbox/1.eml"
    key: str  # stable relative name: "inbox/1.eml" (the file name for a plain file)
    size: int | None
    open: Callable[[], IO[bytes]]


class Budget:
    """Bytes left to unpack from one archive; shared by its members."""

    def __init__(self, total: int, what: str) -> None:
        self.left = total
        self.total = total
        self.what = what

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise InputError(f"{self.what}: unpacks to more than {self.total:,} bytes (limit); refused")


class LimitedReader(io.RawIOBase):
    """A stream that fails once more than ``limit`` bytes are read from it."""

    def __init__(self, inner: IO[bytes], limit: int, what: str, budget: Budget | None = None) -> None:
        self.inner = inner
        self.limit = limit
        self.what = what
        self.budget = budget
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        n = len(data)
        self.count += n
        if self.count > self.limit:
            raise InputError(f"{self.what}: larger than {self.limit:,} bytes (limit); refused")
        if self.budget is not None:
            self.budget.take(n)
        buffer[:n] = data
        return n

    def close(self) -> None:
        self.inner.close()
        super().close()


def _buffered(inner: IO[bytes], limit: int, what: str, budget: Budget | None = None) -> IO[bytes]:
    return io.BufferedReader(LimitedReader(inner, limit, what, budget), buffer_size=256 * 1024)


def unsafe_member_reason(name: str) -> str | None:
    """Why an archive member name is refused, or None when it is a plain relative name."""
    if not name or "\x00" in name:
        return "empty or NUL in the member name"
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        return "absolute path in the member name"
    if ".." in PurePosixPath(normalised).parts:
        return "'..' in the member name (path traversal)"
    return None


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def fingerprint(path: Path) -> tuple[str, int]:
    """sha256 and size of a file's content; for a folder, of its names, sizes and times."""
    digest = hashlib.sha256()
    if path.is_dir():
        total = 0
        for root, dirs, files in os.walk(path, followlinks=False):
            dirs.sort()
            for name in sorted(files):
                info = os.lstat(os.path.join(root, name))
                rel = os.path.relpath(os.path.join(root, name), path)
                digest.update(
                    f"{rel}\0{info.st_size}\0{info.st_mtime_ns}\n".encode("utf-8", "surrogateescape")
                )
                total += info.st_size
        return digest.hexdigest(), total
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def entries(path: Path, limits: Limits, accept: Callable[[str], bool]) -> Iterator[Entry | RowError]:
    """The documents inside ``path`` whose names ``accept`` takes, in a stable order."""
    if path.is_symlink() and not path.exists():
        raise InputError(f"{path}: a broken link")
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        yield from _folder(path, limits, accept)
        return
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise InputError(f"{path}: {size:,} bytes is over the {limits.max_file_bytes:,}-byte file limit")
    lower = path.name.lower()
    if lower.endswith(".zip"):
        yield from _zip(path, limits, accept)
    elif lower.endswith((".tar", ".tar.gz", ".tgz")):
        yield from _tar(path, limits, accept)
    elif lower.endswith(".gz"):
        inner_name = path.name[:-3]
        budget = Budget(limits.max_unpacked_bytes, str(path))

        def open_gz() -> IO[bytes]:
            inner: IO[bytes] = gzip.open(path, "rb")  # type: ignore[assignment]  # noqa: SIM115
            return _buffered(inner, limits.max_unpacked_bytes, str(path), budget)

        yield Entry(name=str(path), key=inner_name, size=None, open=open_gz)
    else:
        yield Entry(name=str(path), key=path.name, size=size, open=lambda: path.open("rb"))


def _folder(path: Path, limits: Limits, accept: Callable[[str], bool]) -> Iterator[Entry | RowError]:
    count = 0
    for root, dirs, files in os.walk(path, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            full = Path(root) / name
            rel = full.relative_to(path).as_posix()
            if not accept(rel):
                continue
            count += 1
            if count > limits.max_entries:
                raise InputError(f"{path}: more than {limits.max_entries:,} files (limit); refused")
            info = full.lstat()
            if stat.S_ISLNK(info.st_mode):
                yield RowError(str(full), "a link; links are not followed")
                continue
            if not stat.S_ISREG(info.st_mode):
                yield RowError(str(full), "not a regular file")
                continue
            if info.st_size > limits.max_document_bytes:
                yield RowError(str(full), f"{info.st_size:,} bytes is over the document limit")
                continue
            yield Entry(name=str(full), key=rel, size=info.st_size, open=_opener(full))


def _opener(path: Path) -> Callable[[], IO[bytes]]:
    return lambda: path.open("rb")


def _given(handle: IO[bytes]) -> Callable[[], IO[bytes]]:
    return lambda: handle


def _zip(path: Path, limits: Limits, accept: Callable[[str], bool]) -> Iterator[Entry | RowError]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable zip archive ({exc})") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_entries:
            raise InputError(f"{path}: {len(infos):,} members is over the {limits.max_entries:,}-entry limit")
        budget = Budget(limits.max_unpacked_bytes, str(path))
        for info in infos:
            where = f"{path}:{info.filename}"
            if info.is_dir():
                continue
            reason = unsafe_member_reason(info.filename)
            mode = info.external_attr >> 16
            if reason is None and stat.S_ISLNK(mode):
                reason = "a link member; links are refused"
            if reason is None and stat.S_IFMT(mode) and not stat.S_ISREG(mode):
                reason = "not a regular file member"
            if reason is not None:
                yield RowError(where, reason)
                continue
            if not accept(info.filename):
                continue
            if info.file_size > limits.max_document_bytes:
                yield RowError(where, f"unpacks to {info.file_size:,} bytes, over the document limit")
                continue

            def open_member(i: zipfile.ZipInfo = info, w: str = where) -> IO[bytes]:
                return _buffered(archive.open(i), limits.max_document_bytes, w, budget)

            yield Entry(name=where, key=info.filename, size=info.file_size, open=open_member)


def _tar(path: Path, limits: Limits, accept: Callable[[str], bool]) -> Iterator[Entry | RowError]:
    budget = Budget(limits.max_unpacked_bytes, str(path))
    try:
        raw = _buffered(path.open("rb"), limits.max_file_bytes, str(path))
        archive = tarfile.open(fileobj=raw, mode="r|*")  # noqa: SIM115 - closed below
    except (tarfile.TarError, OSError) as exc:
        raise InputError(f"{path}: not a readable tar archive ({exc})") from exc
    count = 0
    try:
        for member in archive:
            count += 1
            if count > limits.max_entries:
                raise InputError(f"{path}: more than {limits.max_entries:,} members (limit); refused")
            where = f"{path}:{member.name}"
            if member.isdir():
                continue
            reason = unsafe_member_reason(member.name)
            if reason is None and (member.issym() or member.islnk()):
                reason = "a link member; links are refused"
            if reason is None and not member.isfile():
                reason = "not a regular file member"
            if reason is not None:
                yield RowError(where, reason)
                continue
            if not accept(member.name):
                continue
            if member.size > limits.max_document_bytes:
                yield RowError(where, f"{member.size:,} bytes is over the document limit")
                continue
            budget.take(member.size)
            handle = archive.extractfile(member)
            if handle is None:
                continue
            yield Entry(name=where, key=member.name, size=member.size, open=_given(handle))
    except tarfile.TarError as exc:
        raise InputError(f"{path}: damaged tar archive ({exc})") from exc
    finally:
        archive.close()


def bounded_lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Lines of at most ``limit`` bytes (with their line end); None for a longer line,
    which is skipped without holding it in memory."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(1024 * 1024)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line
