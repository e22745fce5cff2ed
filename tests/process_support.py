"""Running `beleidslezer convert` as a process that tests stop, signal and kill at exact steps.

``BELEIDSLEZER_TEST_PAUSE=<step>`` makes the converter stop itself (SIGSTOP) at that step
(`converter.limits.pause_for_test`); these helpers start it, wait until some process of it is
stopped, and look at the processes it made (Linux /proc).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT


def cli_env(**extra: str) -> dict[str, str]:
    knobs = ("BELEIDSLEZER_DEBUG", "BELEIDSLEZER_TEST_PAUSE", "BELEIDSLEZER_NO_EXCHANGE")
    env = {k: v for k, v in os.environ.items() if k not in knobs}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def start(*args: str | Path, cwd: Path, **env: str) -> subprocess.Popen[str]:
    """`beleidslezer convert ARGS` in a session of its own (a signal to the group reaches all)."""
    return subprocess.Popen([sys.executable, "-m", "converter.cli", "convert", *map(str, args)],
                            cwd=cwd, env=cli_env(**env), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def state(pid: int) -> str | None:
    """The process state letter (R, S, T, Z, …), or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return stat[stat.rindex(")") + 2]


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    return state(pid) not in (None, "Z", "X")


def wait_until(condition: Callable[[], bool], timeout: float = 60.0, what: str = "") -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what or condition}")


def wait_stopped(process: subprocess.Popen[str], *, among_descendants: int = 0,
                 timeout: float = 60.0) -> list[int]:
    """Wait until the process (or `among_descendants` of its descendants) stopped itself."""
    def stopped() -> list[int]:
        if not among_descendants:
            return [process.pid] if state(process.pid) in ("T", "t") else []
        return [p for p in descendants(process.pid) if state(p) in ("T", "t")]

    def ready() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"exited ({process.returncode}) before it paused:\n"
                                 f"{process.stderr.read() if process.stderr else ''}")
        return len(stopped()) >= max(1, among_descendants)

    wait_until(ready, timeout, "the conversion to pause")
    return stopped()
