"""How a panel's reports flow back from the executor: in the order given with a bounded window
in flight (InOrder), and where their parts wait until they are written in key order (in memory
for build_panel, a spooled temporary file for stream_panel)."""

from __future__ import annotations

import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from pathlib import Path

from helpers.output.panel_parts import FiguresPart

_END = object()


class InOrder:
    """fn(*a) for each a of `args` on the executor, the results in the order given, at most
    `window` in flight (the first ones submitted at once, so workers start before the caller
    iterates); close() cancels the ones not started."""

    def __init__(self, executor: Executor, fn: Callable, args: Iterable[tuple], window: int):
        self._executor, self._fn, self._todo, self._window = executor, fn, iter(args), max(1, window)
        self._pending: deque[Future] = deque()
        self._top_up()

    def _top_up(self) -> None:
        while len(self._pending) < self._window:
            a = next(self._todo, _END)
            if a is _END:
                return
            self._pending.append(self._executor.submit(self._fn, *a))

    def __iter__(self) -> Iterator:
        return self

    def __next__(self):
        if not self._pending:
            raise StopIteration
        future = self._pending.popleft()
        self._top_up()
        return future.result()

    def close(self) -> None:
        for future in self._pending:
            future.cancel()
        self._pending.clear()


class PartsInMemory:
    """Parts kept as they are (build_panel: the panel is in memory anyway)."""

    def put(self, part: FiguresPart) -> FiguresPart:
        return part

    def get(self, handle: FiguresPart) -> FiguresPart:
        return handle

    def arrow(self, handle: FiguresPart) -> bytes:
        return handle.arrow

    def close(self) -> None:
        pass


class SpooledParts:
    """Parts in a temporary file until they are written in key order: in memory up to
    `memory` bytes, then on disk in `folder` (beside the output; unlinked, so nothing is left
    behind even by a kill -9)."""

    def __init__(self, folder: Path | None, memory: int = 16 * 2**20):
        self._file = tempfile.SpooledTemporaryFile(max_size=memory, dir=folder)  # noqa: SIM115 (close())
        self._end = 0

    def _write(self, data: bytes) -> tuple[int, int]:
        self._file.seek(self._end)
        self._file.write(data)
        at, self._end = self._end, self._end + len(data)
        return at, len(data)

    def _read(self, where: tuple[int, int]) -> bytes:
        self._file.seek(where[0])
        return self._file.read(where[1])

    def put(self, part: FiguresPart) -> tuple[int, tuple[int, int], tuple[int, int]]:
        return part.rows, self._write(part.arrow), self._write(part.csv)

    def get(self, handle) -> FiguresPart:
        rows, arrow, csv = handle
        return FiguresPart(rows, self._read(arrow), self._read(csv))

    def arrow(self, handle) -> bytes:
        return self._read(handle[1])

    def close(self) -> None:
        self._file.close()
