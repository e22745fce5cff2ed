"""How a conversion uses its processes: `limits.shared_work` splits items between a pool's
workers and the calling process; `pipeline.fewer_collections` defers the garbage collector.

Each item sleeps rather than computes, so who took which item does not depend on how busy
the machine is: the workers take items from the front, this process from the end.
"""

from __future__ import annotations

import os
import time

import pytest

from converter.limits import shared_work, worker_pool

ITEM_SECONDS = 0.15


def _slow_item(index: int) -> tuple[int, int]:
    time.sleep(ITEM_SECONDS)
    return index, os.getpid()


def _failing_in_a_worker(index: int, parent: int) -> int:
    if os.getpid() != parent:
        raise ValueError(f"item {index} failed")
    time.sleep(ITEM_SECONDS)  # so that the worker surely takes an item meanwhile
    return index


def test_results_come_in_order_from_the_workers_and_this_process():
    with worker_pool(1) as pool:
        results = list(shared_work(pool, _slow_item, [(i,) for i in range(6)], 1))
    assert [index for index, _ in results] == list(range(6))
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2


def test_this_process_takes_every_item_no_worker_has_started():
    # With 8 equal items and one worker, each side does half. A pool queues submitted items
    # ahead of its worker, where this process can no longer take them: handing the worker
    # everything at once left this process 3 items and idle for the worker's last two.
    with worker_pool(1) as pool:
        results = list(shared_work(pool, _slow_item, [(i,) for i in range(8)], 1))
    here = [index for index, pid in results if pid == os.getpid()]
    assert len(here) >= 4, here
    assert here == list(range(8 - len(here), 8))  # from the end


def test_the_workers_serve_one_call_after_another():
    # a worker dies with the thread that started it; the feeding thread of the first call
    # is gone when the second call hands out work
    with worker_pool(1) as pool:
        first = list(shared_work(pool, _slow_item, [(i,) for i in range(4)], 1))
        second = list(shared_work(pool, _slow_item, [(i,) for i in range(4)], 1))
    assert [i for i, _ in first] == [i for i, _ in second] == [0, 1, 2, 3]
    assert len({pid for _, pid in second}) == 2


def test_an_error_in_a_worker_is_raised_where_its_result_is_taken():
    with worker_pool(1) as pool:
        results = shared_work(pool, _failing_in_a_worker,
                              [(i, os.getpid()) for i in range(4)], 1)
        with pytest.raises(ValueError, match="item 0 failed"):
            list(results)


def test_the_collector_runs_less_often_inside_a_conversion_and_as_before_after_it():
    import gc

    from converter.pipeline import COLLECT_EVERY, fewer_collections

    before = gc.get_threshold()
    inside = []

    def failing_conversion() -> None:
        with fewer_collections():
            inside.append(gc.get_threshold())
            raise RuntimeError("a failed conversion")

    with pytest.raises(RuntimeError):
        failing_conversion()
    assert inside[0][0] >= COLLECT_EVERY and inside[0][1:] == before[1:]
    assert gc.get_threshold() == before


def test_the_handover_switch_interval_holds_only_while_work_is_shared():
    import sys

    from converter.limits import HANDOVER_SWITCH_S

    before = sys.getswitchinterval()
    inside = []

    def note_interval(index: int) -> int:
        inside.append(sys.getswitchinterval())
        return index

    with worker_pool(1) as pool:
        assert list(shared_work(pool, _slow_item, [(i,) for i in range(2)], 1))
        # the items this process takes run inside: they see the shorter interval
        assert list(shared_work(pool, note_interval, [(0,)], 0)) == [0]
        results = shared_work(pool, _failing_in_a_worker, [(i, os.getpid()) for i in range(4)], 1)
        with pytest.raises(ValueError, match="failed"):
            list(results)
    assert inside == [min(before, HANDOVER_SWITCH_S)]
    assert sys.getswitchinterval() == before


def _doubled_unless_failing(index: int, parent: int, fail_here: bool) -> int:
    if os.getpid() == parent:
        if fail_here:
            raise RuntimeError("this process's own item failed")
        time.sleep(ITEM_SECONDS / 2)  # still at work when the worker is free again
    return 2 * index


def test_work_left_over_from_a_failed_call_takes_nothing_from_the_next():
    parent = os.getpid()
    with worker_pool(1) as pool:
        busy = pool.submit(time.sleep, 2 * ITEM_SECONDS)  # the worker's task waits behind it
        failing = shared_work(pool, _doubled_unless_failing,
                              [(i, parent, True) for i in range(6)], 1)
        with pytest.raises(RuntimeError, match="own item failed"):
            list(failing)
        # the failed call's task for the worker is still queued; this call's items are all
        # done by this call's work, by this process or the worker
        results = list(shared_work(pool, _doubled_unless_failing,
                                   [(i, parent, False) for i in range(6)], 1))
        busy.result()
    assert results == [0, 2, 4, 6, 8, 10]


@pytest.mark.parametrize("total", [1, 7, 12, 22, 64, 151, 1001])
@pytest.mark.parametrize("jobs", [2, 4])
def test_page_ranges_cover_the_pages_long_at_the_ends_and_short_where_the_sides_meet(
        total: int, jobs: int):
    from converter.pipeline import MAX_CHUNK_PAGES, MIN_CHUNK_PAGES, page_ranges

    ranges = page_ranges(total, jobs)
    assert ranges[0][0] == 0 and ranges[-1][1] == total
    assert all(a < b for a, b in ranges)
    assert all(ranges[i][1] == ranges[i + 1][0] for i in range(len(ranges) - 1))
    lengths = [b - a for a, b in ranges]
    assert max(lengths) <= MAX_CHUNK_PAGES
    if total >= 64:
        meet = total * (jobs - 1) // jobs
        last_front = next(i for i, (a, b) in enumerate(ranges) if b >= meet)
        # the ranges next to where the sides meet are the shortest there are
        assert lengths[last_front] < 2 * MIN_CHUNK_PAGES
        assert lengths[0] > lengths[last_front] and lengths[-1] > lengths[last_front]


def test_a_conversion_whose_page_count_pdfium_and_pypdf_disagree_on_reads_pypdf_s(
        monkeypatch: pytest.MonkeyPatch):
    # the workers begin on pdfium's count while pypdf reads the file; where the two differ,
    # that early work is dropped and the pages are read as pypdf counts them
    from conftest import SAMPLE
    from converter import pipeline

    alone = pipeline.convert(SAMPLE, jobs=1)
    true_count = pipeline.page_count(SAMPLE)
    assert true_count == alone.source.pages >= pipeline.PARALLEL_MIN_PAGES
    monkeypatch.setattr(pipeline, "page_count", lambda path, password=None: true_count + 5)
    assert pipeline.convert(SAMPLE, jobs=2) == alone
