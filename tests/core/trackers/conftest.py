from __future__ import annotations

from pathlib import Path

import pytest

from hotwash.core.trackers.replay import ReplayTransport

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "trackers"


@pytest.fixture
def replay():  # type: ignore[no-untyped-def]
    def load(name: str) -> ReplayTransport:
        return ReplayTransport.from_file(FIXTURES / name)

    return load
