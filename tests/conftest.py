from __future__ import annotations

from pathlib import Path

import pytest

from boligmonitor import api


@pytest.fixture(scope="session")
def synth_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    api.synth(out, scale=0.01, years=(2006, 2024), seed=7)
    return out


@pytest.fixture(scope="session")
def synth_bundle(synth_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "b"
    api.run(synth_data, out)
    return out
