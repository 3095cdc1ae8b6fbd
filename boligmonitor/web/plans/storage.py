"""Attached documents of plans on disk: type- and size-checked, kept outside the web root under random names.

* The type is worked out from the file's own bytes (PDF header, the Office Open XML / OpenDocument package inside a
  zip, PNG and JPEG signatures) and must agree with the name's extension; what the browser says the type is counts
  for nothing. Allowed: pdf, docx, xlsx, odt, ods, png, jpg.
* The size limit (``PLAN_ATTACHMENT_MAX_BYTES``) is enforced while the body streams (the site's upload guard, see
  web/uploads.py) and again here.
* Files live in ``PLAN_ATTACHMENT_DIR`` (default ``var/plan-attachments`` under BOLIGMONITOR_HOME), which no URL maps
  to; they are read back only by the plan's download view, after the plan's access check.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import zipfile
from pathlib import Path
from typing import IO

from django.conf import settings

from boligmonitor.rules.texts import Text
from boligmonitor.web.plans.messages import NOTHING_SAVED, PlanRefused

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "png": "image/png",
    "jpg": "image/jpeg",
}
EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".odt": "odt", ".ods": "ods", ".png": "png",
              ".jpg": "jpg", ".jpeg": "jpg"}
ALLOWED = Text("PDF, Word (.docx), Excel (.xlsx), OpenDocument (.odt, .ods), PNG eller JPEG",
               "PDF, Word (.docx), Excel (.xlsx), OpenDocument (.odt, .ods), PNG or JPEG")


def refused(kind: str, name: str, da: str, en: str, status: int = 400) -> PlanRefused:
    return PlanRefused(kind, Text(f"{name}: {da} {NOTHING_SAVED.da}", f"{name}: {en} {NOTHING_SAVED.en}"), status)


def clean_name(name: str) -> str:
    """The uploaded file's name as shown and offered back: its last part, printable, at most 150 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '"<>|:*?')
    return base.strip(" .")[:150] or "bilag"


def sniff(head: bytes, path: Path) -> str | None:
    """The file's type from its bytes, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
                if "[Content_Types].xml" in names:
                    if "word/document.xml" in names:
                        return "docx"
                    if "xl/workbook.xml" in names:
                        return "xlsx"
                if "mimetype" in names and z.getinfo("mimetype").file_size < 100:
                    mimetype = z.read("mimetype").decode("ascii", "replace").strip()
                    return {CONTENT_TYPES["odt"]: "odt", CONTENT_TYPES["ods"]: "ods"}.get(mimetype)
        except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
            return None
    return None


def folder() -> Path:
    base = Path(settings.PLAN_ATTACHMENT_DIR)
    base.mkdir(mode=0o750, parents=True, exist_ok=True)
    return base


def too_large(name: str) -> PlanRefused:
    mib = int(settings.PLAN_ATTACHMENT_MAX_BYTES) // 2**20
    return refused("too_large", name, f"filen er større end grænsen på {mib} MiB.",
                   f"the file is larger than the limit of {mib} MiB.", 413)


def store(src: IO[bytes], name: str) -> tuple[str, str, int, str]:
    """Copy an upload into the attachment folder under a new random name, checking size and type on the way;
    (stored name, type, size, sha256). On any refusal nothing is left on disk."""
    limit = int(settings.PLAN_ATTACHMENT_MAX_BYTES)
    declared = EXTENSIONS.get(Path(name).suffix.lower())
    if declared is None:
        raise refused("file_type", name, f"filtypen er ikke tilladt; tilladt er {ALLOWED.da}.",
                      f"this type of file is not allowed; allowed are {ALLOWED.en}.", 415)
    base = folder()
    stored = f"{secrets.token_hex(16)}.{declared}"
    tmp = base / f".{stored}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        with tmp.open("xb") as out:
            os.chmod(tmp, 0o640)
            if hasattr(src, "seek"):
                src.seek(0)
            while chunk := src.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise too_large(name)
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise refused("empty", name, "filen er tom.", "the file is empty.")
        with tmp.open("rb") as fh:
            actual = sniff(fh.read(16), tmp)
        if actual != declared:
            raise refused("file_content", name,
                          f"filens indhold er ikke en {declared.upper()}-fil, som navnet siger; gem den igen som "
                          f"{declared.upper()} og upload den.",
                          f"the file's content is not a {declared.upper()} file as its name says; save it again as "
                          f"{declared.upper()} and upload it.", 415)
        os.replace(tmp, base / stored)
    finally:
        tmp.unlink(missing_ok=True)
    return stored, declared, size, digest.hexdigest()


def path_of(stored_name: str) -> Path:
    """The stored file; the name is ours (hex and an extension), never a path a user gave."""
    if "/" in stored_name or stored_name.startswith("."):
        raise ValueError("not a stored attachment name")
    return Path(settings.PLAN_ATTACHMENT_DIR) / stored_name


def remove(stored_name: str) -> None:
    path_of(stored_name).unlink(missing_ok=True)
