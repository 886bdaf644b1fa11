"""An ordered map over worker processes with a bounded window: results in input order,
memory flat whatever the input's length.

`Pool.imap` would keep the order, but its feeder thread reads the whole input ahead of the
workers; here at most `window` chunks are in flight, and the next chunk is read only when the
oldest one's results have been handed on.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ordered_map(func: Callable[[list[T]], list[R]], items: Iterable[T], jobs: int, *,
                chunk: int = 8, window: int = 4, initializer: Callable[..., None] | None = None,
                initargs: tuple[Any, ...] = ()) -> Iterator[R]:
    """`func` over chunks of `chunk` items on `jobs` processes (each started with
    `initializer(*initargs)`), yielding the results in the order of `items`; at most
    `window` chunks per process are in flight."""
    iterator = iter(items)
    context = _context()
    frozen = gc.get_freeze_count()
    if context.get_start_method() == "fork":
        gc.freeze()  # forked workers' collections then leave the inherited objects (and their
        # pages, copy-on-write) alone
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=initializer,
                                 initargs=initargs) as pool:
            pending: deque[Future[list[R]]] = deque()
            while True:
                while len(pending) < jobs * window and (batch := list(islice(iterator, chunk))):
                    pending.append(pool.submit(func, batch))
                if not pending:
                    return
                yield from pending.popleft().result()
    finally:
        if not frozen:
            gc.unfreeze()


def _context() -> multiprocessing.context.BaseContext:
    """`fork` where it is safe (Linux, one thread: the workers inherit the imported modules
    instead of importing them again), else `spawn`."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
