"""A question set as a .zip: the YAML file with its `sources/` folder, as the CLI reads them.

Unpacked with limits (members, sizes, no paths out of the folder, no links) into a temporary
folder, then parsed exactly as `parse_file` parses a file on disk.
"""

from __future__ import annotations

import stat
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path, PurePosixPath

from .definitions import Problem, QuestionSetDef, QuestionSetError

MAX_MEMBERS = 500
MAX_UNPACKED = 20 * 1024 * 1024  # bytes, all members together
SET_SUFFIXES = (".yaml", ".yml")


def parse_bundle(payload: bytes, filename: str) -> QuestionSetDef:
    """Parse a .zip holding one question-set file and its source files; raise on problems."""
    from . import parse_file

    def refuse(code: str, **params) -> QuestionSetError:
        return QuestionSetError([Problem.of(filename, 1, "", code, **params)])

    try:
        archive = zipfile.ZipFile(BytesIO(payload))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse("zip_unreadable") from None
    if len(members) > MAX_MEMBERS:
        raise refuse("zip_too_many", limit=MAX_MEMBERS)
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise refuse("zip_too_large", limit=MAX_UNPACKED // (1024 * 1024))
    for member in members:
        path = PurePosixPath(member.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in member.filename:
            raise refuse("zip_bad_path", name=member.filename)
        if stat.S_ISLNK(member.external_attr >> 16):
            raise refuse("zip_bad_path", name=member.filename)
    sets = [m for m in members if m.filename.lower().endswith(SET_SUFFIXES)]
    if sets:
        depth = min(len(PurePosixPath(m.filename).parts) for m in sets)
        sets = [m for m in sets if len(PurePosixPath(m.filename).parts) == depth]
    if len(sets) != 1:
        raise refuse("zip_one_set", found=len(sets))
    with tempfile.TemporaryDirectory(prefix="valkompass-zip-") as folder:
        root = Path(folder)
        try:
            for member in members:
                target = root.joinpath(*PurePosixPath(member.filename).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source:
                    data = source.read(MAX_UNPACKED + 1)
                if len(data) > member.file_size or len(data) > MAX_UNPACKED:
                    raise refuse("zip_too_large", limit=MAX_UNPACKED // (1024 * 1024))
                target.write_bytes(data)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError):
            raise refuse("zip_unreadable") from None
        name = f"{filename}/{sets[0].filename}"
        return parse_file(root.joinpath(*PurePosixPath(sets[0].filename).parts), name)
