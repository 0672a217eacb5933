"""When to use more than one process, and how to start them safely."""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.context import BaseContext


def worker_count(items: int, *, per_worker: int) -> int:
    """Workers for ``items`` independent tasks: one per core, none below ``per_worker`` each."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, items // per_worker)


def fork_context() -> BaseContext | None:
    """Forking, when it is safe: on a system that has it, from a single-threaded process (a
    build or the command line, not ``mkdocs serve`` with its watcher threads). Forked workers
    inherit the parent's data instead of copying it through pickles."""
    if threading.active_count() != 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")
