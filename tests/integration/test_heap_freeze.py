"""Server processes freeze their start-up heap, so full garbage collections skip it; an app a
test builds in its own process leaves that process's collector alone."""

import gc
from collections.abc import Iterator

import pytest

import api.main
from medallion.platform.heap import freeze_startup_heap
from medallion.platform.settings import Settings


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_freezing_keeps_what_is_alive_out_of_full_collections(unfrozen: None) -> None:
    kept = [object() for _ in range(1000)]

    freeze_startup_heap()

    assert gc.get_freeze_count() >= len(kept)


async def test_the_api_uvicorn_starts_freezes_its_heap_once_started(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    freezes: list[str] = []
    monkeypatch.setattr(api.main, "freeze_startup_heap", lambda: freezes.append("frozen"))
    monkeypatch.setattr(api.main, "load_settings", lambda: settings)
    monkeypatch.setattr(api.main, "configure_logging", lambda *_: None)

    served = api.main.create_app()  # as uvicorn's --factory calls it
    async with served.router.lifespan_context(served):
        assert freezes == ["frozen"]
    built_by_a_test = api.main.create_app(settings)
    async with built_by_a_test.router.lifespan_context(built_by_a_test):
        assert freezes == ["frozen"]
