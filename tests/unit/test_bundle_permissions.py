"""A bundle is readable by the group that runs the web application, and by nobody else."""

from __future__ import annotations

import stat
from pathlib import Path

from boligmonitor.runs.bundle import FILES


def test_bundle_folder_and_files_are_group_readable(synth_bundle: Path) -> None:
    assert stat.S_IMODE(synth_bundle.stat().st_mode) == 0o750
    for name in (*FILES, "manifest.json"):
        assert stat.S_IMODE((synth_bundle / name).stat().st_mode) == 0o640, name
