"""Upload limits: the size is refused before the body is read, the stream is cut at the limit, a zip's unpacked
size is bounded before extraction, and a killed worker's files are removed at the next start or upload."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import override_settings

from boligmonitor import api
from boligmonitor.web import models as m
from boligmonitor.web import uploads
from boligmonitor.web.actions import import_bundle
from boligmonitor.web.refusal import ImportRefused
from tests.web.bundles import upload, zip_folder

KIB = 1024


class Untouchable(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body of an over-sized upload was read")

    readinto = read  # type: ignore[assignment]


def test_an_upload_over_the_limit_is_refused_before_its_body_is_read(client_for: Any, tmp_path: Path) -> None:
    admin = client_for("admin")
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/import.json", "QUERY_STRING": "lang=en", "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": Untouchable(), "wsgi.errors": sys.stderr,
        "CONTENT_TYPE": "multipart/form-data; boundary=xyz", "CONTENT_LENGTH": str(3 * 2**20),
        "HTTP_COOKIE": "; ".join(f"{k}={v.value}" for k, v in admin.cookies.items()), "REMOTE_ADDR": "127.0.0.1",
    }
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        answer["status"] = status

    # as Django's test client does: the test's database connection must outlive this request
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with override_settings(UPLOAD_MAX_BYTES=64 * KIB, UPLOAD_DIR=tmp_path / "up"):
            body = b"".join(WSGIHandler()(environ, start_response))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert answer["status"].startswith("413")
    assert b"the file is larger than the limit of 0 MiB" in body  # 64 KiB shown in whole MiB
    assert not (tmp_path / "up").exists()  # nothing was written
    assert m.AuditEvent.objects.filter(action="import_failed", detail__reason="too_large").count() == 1


def test_a_body_within_the_declared_length_is_still_cut_at_the_limit(client_for: Any, tmp_path: Path) -> None:
    # 300 KiB passes the Content-Length check (which allows 1 MiB of form overhead) but not the streaming count
    with override_settings(UPLOAD_MAX_BYTES=64 * KIB, UPLOAD_DIR=tmp_path / "up"):
        r = client_for("admin").post("/import.json", {"bundle": upload(os.urandom(300 * KIB))})
    assert r.status_code == 413
    assert r.json()["error"]["reason"] == "too_large"
    assert "64 KiB" not in r.json()["error"]["message"]  # the limit is named in MiB, in Danish by default
    assert "grænsen på 0 MiB" in r.json()["error"]["message"]
    assert list((tmp_path / "up").iterdir()) == []
    assert m.AuditEvent.objects.filter(action="import_failed", detail__reason="too_large").count() == 1


def test_the_total_unpacked_size_is_bounded_before_extraction(client_for: Any, synth_bundle: Path,
                                                             tmp_path: Path) -> None:
    data = zip_folder(synth_bundle)
    with override_settings(UPLOAD_MAX_UNCOMPRESSED_BYTES=16 * KIB, UPLOAD_DIR=tmp_path / "up"):
        r = client_for("admin").post("/import.json?lang=en", {"bundle": upload(data)})
    assert r.status_code == 400
    assert r.json()["error"]["reason"] == "zip_bomb"
    assert "limit 0 MiB" in r.json()["error"]["message"]
    assert list((tmp_path / "up").iterdir()) == []


def test_the_normal_limits_accept_a_real_bundle(client_for: Any, synth_bundle: Path, tmp_path: Path) -> None:
    with override_settings(UPLOAD_DIR=tmp_path / "up"):
        r = client_for("admin").post("/import.json", {"bundle": upload(zip_folder(synth_bundle))})
    assert r.status_code == 200 and r.json()["result"]["created"] is False  # the session's bundle, already there


def _web_env(upload_dir: Path, home: Path) -> dict[str, str]:
    return {**os.environ, "BOLIGMONITOR_UPLOAD_DIR": str(upload_dir), "BOLIGMONITOR_HOME": str(home),
            "DATABASE_URL": f"sqlite:///{home / 'web.sqlite3'}", "DJANGO_SETTINGS_MODULE": "boligmonitor.web.settings"}


def _killed_worker_folder(upload_dir: Path, home: Path) -> Path:
    """A worker that is SIGKILLed half-way through an upload: its folder and partial file stay behind."""
    code = ("import django, sys, time; django.setup()\n"
            "from boligmonitor.web import uploads\n"
            "w = uploads.new_workdir(); (w / 'upload.zip').write_bytes(b'partial upload')\n"
            "print(w, flush=True); time.sleep(600)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], env=_web_env(upload_dir, home), stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    folder = Path(proc.stdout.readline().strip())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert (folder / "upload.zip").exists()
    return folder


def test_a_killed_workers_upload_is_removed_at_the_next_start(tmp_path: Path) -> None:
    upload_dir, home = tmp_path / "up", tmp_path / "home"
    home.mkdir()
    folder = _killed_worker_folder(upload_dir, home)
    alive = upload_dir / f"upload-{os.getpid()}-inprogress"  # a running worker's upload must survive
    alive.mkdir()
    subprocess.run([sys.executable, "-m", "boligmonitor.web.manage", "check"], env=_web_env(upload_dir, home),
                   check=True, capture_output=True)
    assert not folder.exists()
    assert alive.exists()


def test_a_killed_workers_upload_is_removed_by_the_next_upload(tmp_path: Path) -> None:
    upload_dir, home = tmp_path / "up", tmp_path / "home"
    home.mkdir()
    folder = _killed_worker_folder(upload_dir, home)
    with override_settings(UPLOAD_DIR=upload_dir):
        mine = uploads.new_workdir()
    assert not folder.exists()
    assert mine.exists()


def test_a_bundle_made_with_min_count_1_is_refused(db: Any, synth_data: Path, tmp_path: Path) -> None:
    """The issue's case: the pipeline itself, told --min-count 1, publishes small cells; the site refuses them."""
    out = tmp_path / "min1"
    api.run(synth_data, out, minimum=1)
    before = m.Vintage.objects.count()
    with pytest.raises(ImportRefused) as refused:
        import_bundle(out)
    assert refused.value.kind == "small_count"
    assert "below the site's disclosure minimum 5" in refused.value.pick("en")
    assert m.Vintage.objects.count() == before
    with override_settings(SITE_MINIMUM_COUNT=1):  # a site that chose 1 may import it (its own decision)
        assert import_bundle(out).created


def test_no_other_page_writes_an_uploaded_file(client_for: Any, synth_bundle: Path, tmp_path: Path) -> None:
    admin = client_for("admin")
    with override_settings(UPLOAD_DIR=tmp_path / "up", FILE_UPLOAD_MAX_MEMORY_SIZE=0):
        for url in ("/language/", "/vintages/", "/login/", "/import.pdf", "/import.csv"):
            r = admin.post(url, {"bundle": upload(zip_folder(synth_bundle))})
            assert r.status_code in (302, 403, 404), url
            assert not r.wsgi_request.FILES, url  # the file was not kept (nor written) anywhere
    assert not (tmp_path / "up").exists()
    assert m.Vintage.objects.count() == 1


def test_an_upload_refused_by_the_csrf_check_leaves_nothing(synth_bundle: Path, tmp_path: Path, db: Any) -> None:
    from django.test import Client

    from tests.web.conftest import PASSWORD

    c = Client(enforce_csrf_checks=True)
    assert c.login(username="admin", password=PASSWORD)
    c.cookies["csrftoken"] = "a" * 32  # a well-formed cookie: the check then reads the body for the form's token
    with override_settings(UPLOAD_DIR=tmp_path / "up"):
        r = c.post("/import/", {"bundle": upload(zip_folder(synth_bundle))})  # no CSRF token
    assert r.status_code == 403
    assert list((tmp_path / "up").iterdir()) == []  # the CSRF check read the upload; the folder is gone anyway
