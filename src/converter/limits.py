"""Bounds on one conversion: what file is read, how much memory it may take, how long its
processes live.

A PDF is a program for its reader: a 1 KB file of nested FlateDecode streams inflates to
gigabytes inside pdfium, which aborts the whole process when an allocation fails. So every
process that parses a PDF is confined (`confine`): the address space it may add to what it
starts with is limited (``RLIMIT_AS``), it dies with its parent (``PR_SET_PDEATHSIG``), and
Ctrl-C is left to the command line, which kills it and cleans up. The command line converts
in such a child (see `cli`), the pipeline's worker processes are confined in their
initializer (`worker_pool`).

Measured (``/proc/self/status`` after a conversion in one process): VmPeak 60 MB for the
16-page sample and the 16-page Kamerstuk, and the 1000-page benchmark report peaks at 96 MB of
resident memory in one process (README). The default limit, 1 GiB of address space plus twice
the file (pypdf holds the whole file in memory), leaves ten times that, and stops the 926-byte
FlateDecode bomb of tests/test_limits.py (1.2 GB inflated, 2.3 GB peak without a limit) early.
"""

from __future__ import annotations

import ctypes
import faulthandler
import multiprocessing
import os
import resource
import signal
import stat
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")
MAX_PDF_BYTES = 512 * 2**20  # a report with many photographs is rarely over 100 MB
BASE_MEMORY_BYTES = 2**30  # address space one converting process may add, before the file
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
HANDOVER_SWITCH_S = 0.0005  # see `quick_handover`


class InputRefused(Exception):
    """The path is not a file beleidslezer reads; the message is one line."""


def regular_file_size(path: Path) -> int:
    """The size of `path`, refused unless it is a regular file of at most MAX_PDF_BYTES.

    A FIFO would block the reader forever and /dev/zero never ends, so the kind of file is
    checked with stat before anything opens it.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputRefused(f"{path}: symbolische link naar niets (dangling symlink)") from None
        raise InputRefused(f"{path}: bestand bestaat niet (file not found)") from None
    except OSError as error:
        raise InputRefused(f"{path}: kan niet worden gelezen ({error.strerror})") from error
    if stat.S_ISDIR(info.st_mode):
        raise InputRefused(f"{path}: is een map, geen PDF (is a directory)")
    if not stat.S_ISREG(info.st_mode):
        kind = ("een named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else
                "een apparaat (device)" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(
                    info.st_mode) else
                "een socket" if stat.S_ISSOCK(info.st_mode) else "geen gewoon bestand")
        raise InputRefused(f"{path}: is {kind}, geen gewoon bestand (not a regular file)")
    if info.st_size > MAX_PDF_BYTES:
        raise InputRefused(f"{path}: bestand is groter dan {MAX_PDF_BYTES >> 20} MB "
                           f"({info.st_size >> 20} MB; file too large)")
    return info.st_size


def read_regular_file(path: Path) -> bytes:
    """The bytes of `path`, read without ever blocking on a FIFO or device.

    Opened with O_NONBLOCK and checked again on the open descriptor, so a file swapped for a
    FIFO between the check and the open is refused as well.
    """
    regular_file_size(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputRefused(f"{path}: kan niet worden geopend ({error.strerror})") from error
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_PDF_BYTES:
            raise InputRefused(f"{path}: is geen gewoon bestand meer (changed while opened)")
        data = stream.read(info.st_size + 1)  # one more: a file that grows meanwhile
        if len(data) > MAX_PDF_BYTES:
            raise InputRefused(f"{path}: bestand is groter dan {MAX_PDF_BYTES >> 20} MB")
        return data


def memory_limit(file_size: int, megabytes: int | None = None) -> int:
    """Address space one converting process may add to what it starts with (bytes)."""
    if megabytes:
        return megabytes << 20
    return BASE_MEMORY_BYTES + 2 * file_size


def die_with_parent(parent: int) -> None:
    """Be killed when `parent` exits, however it exits (Linux; elsewhere nothing happens)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the call above
        os._exit(1)


def address_space() -> int:
    """Bytes of address space this process has mapped now (0 where /proc does not say)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) << 10
    except (OSError, ValueError, IndexError):
        pass
    return 0


_budget: int | None = None  # what `limit_memory` allowed this process beyond its start


def limit_memory(budget: int | None) -> None:
    """Let this process map at most `budget` bytes more than it has mapped now.

    On top of what it has, not in all: a forked process inherits its parent's mappings
    (a long-running caller's heap, loaded libraries, thread stacks), and a limit in all would
    leave a conversion forked from a large process no room at all.
    """
    global _budget
    if not budget:
        return
    _budget = budget
    limit = address_space() + budget
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def current_memory_budget() -> int | None:
    """The budget `limit_memory` gave this process, if it gave one."""
    return _budget


def confine(parent: int, memory: int | None, role: str = "worker") -> None:
    """Make this process one that may parse a PDF (see the module docstring)."""
    die_with_parent(parent)
    limit_memory(memory)
    faulthandler.disable()  # pdfium aborting here is reported by the parent, in one line
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the command line handles Ctrl-C
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    pause_for_test(role)


def pause_for_test(step: str) -> None:
    """Stop this process (SIGSTOP) at `step` when ``BELEIDSLEZER_TEST_PAUSE`` names it.

    For the tests only: they kill or signal a conversion at an exact step (in the swap, in a
    worker) instead of guessing with timers.
    """
    if os.environ.get("BELEIDSLEZER_TEST_PAUSE") == step:
        os.kill(os.getpid(), signal.SIGSTOP)


_pool_claims: Any = None  # the shared item bounds of the pool this process is a worker of


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """Worker processes that die with this one and are bounded like it (or by the default).

    They share bounds with this process through which `shared_work` hands out items: made
    before the workers fork, each inherits those of its own pool."""
    global _pool_claims
    memory = current_memory_budget() or BASE_MEMORY_BYTES
    context = multiprocessing.get_context("fork")
    claims = _pool_claims = context.Array("q", 3)  # front, end, call; with a lock
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=confine,
                               initargs=(os.getpid(), memory))
    pool._claims = claims  # type: ignore[attr-defined]
    # Start the workers now, from this thread: a pool starts them on a submit, and a worker
    # dies with the thread that started it (PR_SET_PDEATHSIG), while the pipeline also
    # submits from threads that end sooner (`pipeline.SearchAhead`, from the pool's own).
    for _ in range(jobs):
        pool.submit(int)
    return pool


def shared_work(pool: ProcessPoolExecutor, work: Callable[..., T], arguments: list[tuple],
                workers: int) -> Iterator[T]:
    """`work(*args)` for each argument tuple, in order, by `pool`'s `workers` and this process.

    This process would otherwise only wait, so the pool has one worker fewer than `jobs`:
    the workers take items from the front, this process from the end, until they meet.
    Each takes its next item itself, from bounds in memory the pool's processes share
    (`worker_pool`), and a worker sends all its results at the end.

    Two designs came before. With all items submitted at once, the pool queued them ahead of
    its workers, where this process could no longer take them: it sat idle at the end for
    up to two items' time (0.8 s of a 1.7 s extraction of 151 pages in 8 chunks). A thread
    that handed a worker its next item when it had finished the last one fixed that, but
    each handover went through the pool's threads, which need the interpreter lock from
    this process's computing thread: a worker waited 17-33 ms between items.
    """
    with quick_handover():
        yield from SharedWork(pool, work, arguments, workers)


@contextmanager
def quick_handover() -> Iterator[None]:
    """Inside, this process's computing thread yields the interpreter lock every
    HANDOVER_SWITCH_S, so the threads that feed a pool and take its results in wait less."""
    switch = sys.getswitchinterval()
    sys.setswitchinterval(min(switch, HANDOVER_SWITCH_S))
    try:
        yield
    finally:
        sys.setswitchinterval(switch)


class SharedWork(Generic[T]):
    """Items of `shared_work` the workers have begun on; iterate to take part and collect.

    Made apart from the iteration so that the workers can start while this process does
    something else first (`pipeline` reads the file's description meanwhile)."""

    def __init__(self, pool: ProcessPoolExecutor, work: Callable[..., T],
                 arguments: list[tuple], workers: int) -> None:
        self._claims = claims = pool._claims  # type: ignore[attr-defined]  # by worker_pool
        self._work, self._arguments = work, arguments
        with claims.get_lock():
            # items claims[0] .. claims[1] - 1 are not taken yet; a worker's task belongs to
            # one call (claims[2]), so one left over from a call that failed takes nothing
            claims[0], claims[1], claims[2] = 0, len(arguments), claims[2] + 1
            call = claims[2]
        self._futures = [_submit(pool, _claim_from_front, (work, arguments, call))
                         for _ in range(workers)]

    def abandon(self) -> None:
        """The workers take no more items; what they run finishes in the pool."""
        with self._claims.get_lock():
            self._claims[0] = self._claims[1]

    def __iter__(self) -> Iterator[T]:
        claims, work, arguments = self._claims, self._work, self._arguments
        local: dict[int, T] = {}
        try:
            while True:
                with claims.get_lock():
                    if claims[0] >= claims[1]:
                        break
                    claims[1] -= 1
                    i = claims[1]
                local[i] = work(*arguments[i])
        except BaseException:
            self.abandon()
            raise
        taken: dict[int, T] = {}
        for future in self._futures:
            taken.update(future.result())  # a worker's error is raised here
        for i in range(len(arguments)):
            yield local.pop(i) if i in local else taken.pop(i)


def _claim_from_front(work: Callable[..., T], arguments: list[tuple], call: int
                      ) -> dict[int, T]:
    """In a worker: the results of the items it takes from the front, by index."""
    claims = _pool_claims
    done: dict[int, T] = {}
    while True:
        with claims.get_lock():
            if claims[2] != call or claims[0] >= claims[1]:
                return done
            i = claims[0]
            claims[0] += 1
        done[i] = work(*arguments[i])


def _submit(pool: ProcessPoolExecutor, work: Callable[..., T], args: tuple) -> Future[T]:
    """`pool.submit`, or a future holding why it could not (a broken pool: a worker died)."""
    try:
        return pool.submit(work, *args)
    except Exception as exc:  # raised where the result is taken, as a worker's error is
        failed: Future[T] = Future()
        failed.set_exception(exc)
        return failed
