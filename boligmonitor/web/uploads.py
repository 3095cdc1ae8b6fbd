"""Uploaded bundles: bounded before they touch the disk, unpacked only when safe, and never left behind.

* The request's Content-Length is checked before the body is read (:class:`UploadGuardMiddleware`), and the body
  is counted while it streams (:class:`BoundedUploadHandler`), so a client that lies about the length or sends
  chunks is stopped at the limit too. Only administrators' uploads are written at all.
* A zip is unpacked only after its directory has been checked: expected file names in at most one folder, no
  absolute or parent paths, no links, no encryption, the total unpacked size and the compression ratio within
  limits. While unpacking, the bytes are counted again (a zip's directory can lie).
* Every upload lives in its own folder ``upload-<pid>-<random>`` under ``settings.UPLOAD_DIR``, removed when the
  import ends. A killed worker cannot do that, so folders of processes that no longer run (or older than a day)
  are removed when the application starts and before every upload.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from boligmonitor.rules.texts import Text
from boligmonitor.runs.bundle import FILES
from boligmonitor.web import actions
from boligmonitor.web.access import viewer_of
from boligmonitor.web.refusal import ImportRefused, refuse, where

EXPECTED = frozenset({"manifest.json", *FILES})
IGNORED = ("__MACOSX/", ".DS_Store")  # what zipping on a Mac adds
MAX_ENTRIES = 20
SMALL = 1 << 20  # files below 1 MiB cannot be bombs, whatever their ratio
SLACK = 1 << 20  # multipart boundaries and form fields around the file
STALE_SECONDS = 24 * 3600
PREFIX = "upload-"

FIX_ZIP = Text("zip bundle-mappen (manifest.json, registry.json, indicators.parquet, classifications.parquet) og "
               "upload den zip-fil", "zip the bundle folder (manifest.json, registry.json, indicators.parquet, "
               "classifications.parquet) and upload that zip file")


def too_large(name: str) -> ImportRefused:
    mib = settings.UPLOAD_MAX_BYTES // 2**20
    return refuse("too_large", where(name), Text(f"filen er større end grænsen på {mib} MiB",
                                                 f"the file is larger than the limit of {mib} MiB"),
                  Text("importér så store bundles med 'boligmonitor-web import_bundle' på serveren",
                       "import bundles this large with 'boligmonitor-web import_bundle' on the server"))


# ------------------------------------------------------------------------------------------- folders on disk

def new_workdir() -> Path:
    base = Path(settings.UPLOAD_DIR)
    base.mkdir(parents=True, exist_ok=True)
    sweep(base)
    work = base / f"{PREFIX}{os.getpid()}-{secrets.token_hex(8)}"
    work.mkdir(mode=0o700)
    return work


def sweep(base: Path | None = None) -> list[Path]:
    """Remove upload folders whose worker no longer runs, or that are older than a day; return what went."""
    base = Path(base or settings.UPLOAD_DIR)
    if not base.is_dir():
        return []
    removed = []
    for entry in base.iterdir():
        if not entry.name.startswith(PREFIX):
            continue
        pid = entry.name[len(PREFIX):].split("-", 1)[0]
        try:
            old = time.time() - entry.lstat().st_mtime > STALE_SECONDS
        except FileNotFoundError:
            continue  # another worker swept it a moment ago
        if old or not (pid.isdigit() and _running(int(pid))):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


# ------------------------------------------------------------------------------------------- the request body

Limit = Callable[[HttpRequest, dict[str, Any]], int]
V = TypeVar("V", bound=Callable[..., HttpResponse])


def accepts_files(limit: Limit, too_large: Callable[[HttpRequest], HttpResponse] | None = None) -> Callable[[V], V]:
    """Mark a view that takes uploaded files. ``limit(request, url_kwargs)`` is how many bytes this request may
    upload (0: none; decide by role here, before the body is read); ``too_large(request)`` answers a request whose
    Content-Length is over it (default: a plain 413). Every view without this mark takes no files at all.

    The view gets each file as an ``UploadedFile`` with ``.workdir``, the upload's own folder, removed when the
    request ends: a view that keeps the file copies it elsewhere before returning."""
    def mark(view: V) -> V:
        view.upload_limit = limit  # type: ignore[attr-defined]
        view.upload_too_large = too_large  # type: ignore[attr-defined]
        return view
    return mark


def _too_large_plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Filen er for stor. / The file is too large.\n", status=413,
                        content_type="text/plain; charset=utf-8")


class UploadGuardMiddleware:
    """Before anything reads the body of an upload (the CSRF check does): refuse by Content-Length, and stream
    what is accepted through a :class:`BoundedUploadHandler`. Must come after the authentication middleware.

    Only views marked with :func:`accepts_files` take files; elsewhere a file in a form is not written anywhere
    (Django would otherwise write it to the temporary folder, whatever its size, before the page ignores it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            view, kwargs = None, {}
        else:
            view, kwargs = match.func, match.kwargs
        limit_of: Limit | None = getattr(view, "upload_limit", None)
        limit = limit_of(request, kwargs) if limit_of is not None else 0
        if limit > 0:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit + SLACK:
                return (getattr(view, "upload_too_large", None) or _too_large_plain)(request)
        handler = BoundedUploadHandler(request, limit)
        request.upload_handlers = [handler]
        try:
            return self.get_response(request)
        finally:
            handler.discard()  # whatever happened (a failed CSRF check, an error), the upload's folder goes


def bundle_upload_limit(request: HttpRequest, kwargs: dict[str, Any]) -> int:
    """Administrators, on the upload page or its JSON twin."""
    if kwargs.get("fmt") not in (None, "json") or not viewer_of(request.user).can_import:
        return 0
    return int(settings.UPLOAD_MAX_BYTES)


def bundle_too_large(request: HttpRequest) -> HttpResponse:
    from boligmonitor.web.views import refusal_response

    exc = too_large("upload")
    actions.audit("import_failed", request, source="upload", reason=exc.kind, error=exc.text.en, error_da=exc.text.da)
    return refusal_response(request, exc, 413)


class BoundedUploadHandler(FileUploadHandler):
    """Write one uploaded file into its own work folder, and stop the upload at ``limit`` bytes."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.work: Path | None = None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.work is not None or self.limit <= 0:
            self._stop("too_many_files" if self.work is not None else "not_allowed")
        self.work = new_workdir()
        self.file = UploadedFile((self.work / "upload.zip").open("w+b"), self.file_name, self.content_type, 0,
                                 self.charset, self.content_type_extra)
        self.file.workdir = self.work

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if start + len(raw_data) > self.limit:
            self._stop("too_large")
        self.file.write(raw_data)

    def file_complete(self, file_size: int) -> UploadedFile:
        self.file.seek(0)
        self.file.size = file_size
        return self.file

    def upload_interrupted(self) -> None:
        self.discard()

    def _stop(self, reason: str) -> None:
        self.discard()
        self.request.upload_refused = reason
        raise StopUpload(connection_reset=True)

    def discard(self) -> None:
        if getattr(self, "file", None) is not None:
            self.file.close()
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)


# ------------------------------------------------------------------------------------------- the zip

def import_upload(request: HttpRequest, f: Any) -> actions.ImportResult:
    """Unpack and import an uploaded zip. Every refusal is in the audit log once; the work folder always goes."""
    name = _display_name(getattr(f, "name", "") or "upload.zip")
    work: Path | None = getattr(f, "workdir", None)
    try:
        try:
            if work is None:  # not streamed by BoundedUploadHandler (another handler was configured)
                work = new_workdir()
                with (work / "upload.zip").open("wb") as out:
                    for chunk in f.chunks():
                        out.write(chunk)
            if not f.size:
                raise refuse("empty", where(name), Text("filen er tom", "the file is empty"), FIX_ZIP)
            root = unpack(work / "upload.zip", work / "bundle", name)
        except ImportRefused as exc:
            actions.audit("import_failed", request, source=name, reason=exc.kind, error=exc.text.en,
                          error_da=exc.text.da)
            raise
        return actions.import_bundle(root, request.user, request=request, name=name)  # audits its own refusals
    finally:
        f.close()
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


def _display_name(name: str) -> str:
    """The uploaded file's name as shown in messages: printable, short."""
    return "".join(c for c in name if c.isprintable())[:100] or "upload.zip"


def unpack(path: Path, dest: Path, name: str) -> Path:
    """Check the zip's directory, then extract the bundle's files into ``dest``; return ``dest``."""
    try:
        with zipfile.ZipFile(path) as z:
            members = _members(z, name)
            dest.mkdir()
            budget = settings.UPLOAD_MAX_UNCOMPRESSED_BYTES
            for info, target in members:
                budget -= _extract(z, info, dest / target, budget, name)
    except zipfile.BadZipFile:
        raise refuse("not_zip", where(name), Text("ikke en (hel) zip-fil", "not a zip file (or a damaged one)"),
                     FIX_ZIP) from None
    except (zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise refuse("corrupt_zip", where(name), Text(f"zip-filen kan ikke pakkes ud ({type(exc).__name__})",
                                                      f"the zip file cannot be unpacked ({type(exc).__name__})"),
                     FIX_ZIP) from None
    return dest


def _members(z: zipfile.ZipFile, name: str) -> list[tuple[zipfile.ZipInfo, str]]:
    infos = [i for i in z.infolist() if not any(part in i.filename for part in IGNORED)]
    if len(infos) > MAX_ENTRIES:
        raise refuse("zip_too_many_entries", where(name),
                     Text(f"zip-filen har {len(infos)} elementer; en bundle har fire filer",
                          f"the zip has {len(infos)} entries; a bundle has four files"), FIX_ZIP)
    chosen: list[tuple[zipfile.ZipInfo, str]] = []
    folders: set[PurePosixPath] = set()
    for info in infos:
        p = PurePosixPath(info.filename)
        kind = stat.S_IFMT(info.external_attr >> 16)
        if (info.filename.startswith("/") or "\\" in info.filename or ".." in p.parts or ":" in info.filename
                or kind == stat.S_IFLNK):
            raise refuse("unsafe_path", where(f"{name}: {info.filename[:100]}"),
                         Text("stien peger uden for bundlen (absolut sti, '..', drev eller link)",
                              "the path leads outside the bundle (absolute path, '..', drive or link)"), FIX_ZIP)
        if info.flag_bits & 0x1:
            raise refuse("encrypted", where(f"{name}: {info.filename[:100]}"),
                         Text("filen er krypteret", "the file is encrypted"), FIX_ZIP)
        if info.is_dir():
            continue
        if p.name not in EXPECTED:
            raise refuse("unexpected_file", where(f"{name}: {info.filename[:100]}"),
                         Text("en fil der ikke hører til en bundle", "a file that is not part of a bundle"), FIX_ZIP)
        folders.add(p.parent)
        chosen.append((info, p.name))
    if len(folders) > 1 or len({t for _, t in chosen}) != len(chosen):
        raise refuse("unexpected_file", where(name),
                     Text("zip-filen rummer mere end én bundle", "the zip holds more than one bundle"), FIX_ZIP)
    if "manifest.json" not in {t for _, t in chosen}:
        raise refuse("missing_manifest", where(name),
                     Text("zip-filen har ingen manifest.json", "the zip has no manifest.json"), FIX_ZIP)
    _check_sizes([i for i, _ in chosen], name)
    return chosen


def _check_sizes(infos: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse a zip bomb from its directory, before a byte is unpacked."""
    limit, ratio = settings.UPLOAD_MAX_UNCOMPRESSED_BYTES, settings.UPLOAD_MAX_RATIO
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    bomb = total > limit or any(i.file_size > SMALL and i.file_size > ratio * max(i.compress_size, 1)
                                for i in infos) or (total > SMALL and total > ratio * max(packed, 1))
    if bomb:
        raise refuse("zip_bomb", where(name),
                     Text(f"udpakket ville zip-filen fylde {total // 2**20} MiB (grænse {limit // 2**20} MiB, "
                          f"højst {ratio} gange den pakkede størrelse)",
                          f"unpacked, the zip would take {total // 2**20} MiB (limit {limit // 2**20} MiB, at most "
                          f"{ratio} times its packed size)"), FIX_ZIP)


def _extract(z: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int, name: str) -> int:
    """Copy one member, counting: more bytes than the directory declared (or than the budget) is a bomb."""
    written = 0
    allowed = min(info.file_size, budget)
    with z.open(info) as src, target.open("xb") as out:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > allowed:
                raise refuse("zip_bomb", where(f"{name}: {info.filename[:100]}"),
                             Text("filen fylder mere udpakket end zip-filen angiver",
                                  "the file unpacks to more than the zip declares"), FIX_ZIP)
            out.write(chunk)
    return written
