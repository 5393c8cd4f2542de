"""Where a run's outputs may go, and opening them before scoring: regular files atomically, the rest in place.

A regular file (or a path not there yet) is written to a new file beside it and renamed over it
when complete, so an interrupted run never leaves a truncated file that looks complete. Devices,
FIFOs and standard output are written directly: renaming a file over /dev/null would replace the
device node for the whole machine. Every output is opened before scoring starts, so a path that
cannot be written fails in a second, not after an hour of scoring.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
from typing import IO, Any

import attrs


@attrs.frozen
class OutputError(Exception):
    """An output that cannot be written; ``message`` is one line naming the option and the path."""

    message: str

    def __str__(self) -> str:
        return self.message


@attrs.frozen
class NamedPath:
    """A file the run reads or writes, with how the user named it (``-o``, ``--rules`` ...)."""

    option: str
    path: str


def is_stdout(path: str | None) -> bool:
    return path is None or path == "-"


def _identity(path: str) -> tuple[str, tuple[int, int] | None, bool]:
    """(resolved path, (device, inode) when it exists, whether it is a character device)."""
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except OSError:
        return real, None, False
    return real, (st.st_dev, st.st_ino), stat.S_ISCHR(st.st_mode)


def _same(a: tuple[str, tuple[int, int] | None, bool], b: tuple[str, tuple[int, int] | None, bool]) -> bool:
    return a[0] == b[0] or (a[1] is not None and a[1] == b[1])


def refuse_clashes(outputs: list[NamedPath], inputs: list[NamedPath]) -> None:
    """Raise OutputError when an output is one of the run's inputs or another output.

    Paths are compared resolved (symlinks, ``..``) and by inode (hard links). Character devices are
    exempt: writing two outputs to /dev/null loses nothing.
    """
    to_stdout = [o for o in outputs if is_stdout(o.path)]
    if len(to_stdout) > 1:
        raise OutputError(f"{to_stdout[1].option} {to_stdout[1].path or '-'}: {to_stdout[0].option} already "
                          "writes to standard output; write one of them to a file")
    files = [(o, _identity(o.path)) for o in outputs if not is_stdout(o.path)]
    sources = [(i, _identity(i.path)) for i in inputs if i.path and i.path != "-"]
    for n, (out, ident) in enumerate(files):
        if ident[2]:
            continue
        for source, other in sources:
            if _same(ident, other):
                raise OutputError(f"{out.option} {out.path} would overwrite the {source.option} file "
                                  f"{source.path}; write the output elsewhere")
        for earlier, other in files[:n]:
            if _same(ident, other):
                raise OutputError(f"{out.option} {out.path} is the same file as {earlier.option} {earlier.path}; "
                                  "give each output its own file")


class _Guarded:
    """A stream whose write errors (full disk, closed pipe) become an OutputError naming the output."""

    def __init__(self, stream: IO[Any], label: str) -> None:
        self._stream = stream
        self._label = label

    def write(self, data: Any) -> int:
        try:
            return self._stream.write(data)
        except OSError as exc:
            raise OutputError(f"{self._label}: cannot write: {exc.strerror or exc}") from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputError(f"{self._label}: cannot write: {exc.strerror or exc}") from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class PendingOutput:
    """One output, opened; nothing replaces the target until ``commit``."""

    def __init__(self, stream: IO[Any], label: str, tmp: str | None = None, target: str | None = None,
                 owned: bool = False) -> None:
        self.stream: Any = _Guarded(stream, label)
        self._raw = stream
        self._label = label
        self._tmp = tmp
        self._target = target
        self._owned = owned

    def commit(self) -> None:
        """Flush, and for a regular file rename the finished file over the target."""
        self.stream.flush()
        if self._tmp is not None:
            try:
                self._raw.close()
                os.replace(self._tmp, self._target)  # type: ignore[arg-type]
            except OSError as exc:
                self.discard()
                raise OutputError(f"{self._label}: cannot write: {exc.strerror or exc}") from None
            self._tmp = None
        elif self._owned:
            try:
                self._raw.close()
            except OSError as exc:
                raise OutputError(f"{self._label}: cannot write: {exc.strerror or exc}") from None

    def discard(self) -> None:
        """Drop the output: a regular file's target stays as it was."""
        if self._owned:
            with contextlib.suppress(OSError):  # the output is being dropped; its write error changes nothing
                self._raw.close()
        if self._tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._tmp)
            self._tmp = None


def _text(raw: IO[bytes], binary: bool) -> IO[Any]:
    if binary:
        return raw
    import io

    return io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)


def open_output(path: str | None, binary: bool = False, option: str = "-o") -> PendingOutput:
    """Open an output before the run: standard output for None or "-", a device or FIFO in place,
    a regular file as a new file beside it (through a symlink: beside the file it points to)."""
    label = f"{option} {path or '-'}"
    if is_stdout(path):
        stream: IO[Any] = sys.stdout.buffer if binary else sys.stdout
        return PendingOutput(stream, label)
    assert path is not None
    target = os.path.realpath(path)  # a symlink is written through, never replaced
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"{label}: cannot write: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{label}: is a directory; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            raw = open(target, "wb")  # noqa: SIM115 - closed by commit/discard
        except OSError as exc:
            raise OutputError(f"{label}: cannot write: {exc.strerror or exc}") from None
        return PendingOutput(_text(raw, binary), label, owned=True)
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        raise OutputError(f"{label}: directory {os.path.dirname(path) or folder} does not exist")
    if st is not None and not os.access(target, os.W_OK):
        raise OutputError(f"{label}: the file is not writable")
    name = os.path.basename(target)
    while True:
        tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.part")
        try:
            # mode 0666 through the umask, as any new file; an existing target's mode is copied below
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"{label}: cannot create a file in {folder}: {exc.strerror or exc}") from None
    if st is not None:
        os.fchmod(fd, stat.S_IMODE(st.st_mode))
        if (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # only root may give a file away; the mode is kept either way
                os.fchown(fd, st.st_uid, st.st_gid)
    return PendingOutput(_text(os.fdopen(fd, "wb"), binary), label, tmp=tmp, target=target, owned=True)
