"""The web process never loads the pipeline: checked at run time, beside import-linter's static contract."""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = ("duckdb", "boligmonitor.api", "boligmonitor.runs.pipeline", "boligmonitor.indicators.engine",
             "boligmonitor.microdata.readers", "boligmonitor.microdata.validate")


def test_a_web_process_loads_no_person_level_code() -> None:
    # A fresh interpreter: import every module the WSGI application loads and every web module a request reaches.
    code = (
        "import os, sys, json, importlib, pkgutil\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'boligmonitor.web.settings')\n"
        "import django; django.setup()\n"
        "import boligmonitor.web.wsgi, boligmonitor.web.urls\n"
        "import boligmonitor.web as w\n"
        "for mod in pkgutil.walk_packages(w.__path__, 'boligmonitor.web.'):\n"
        "    if '.migrations.' not in mod.name: importlib.import_module(mod.name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert loaded & {"django", "boligmonitor.web.views"}, "the probe did not load the web application"
    leaked = sorted(m for m in loaded if m.split(".")[0] == "duckdb" or m in FORBIDDEN)
    assert not leaked, f"a web process loads {leaked}"
