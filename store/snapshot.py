"""A snapshot of the index's columns, so that opening a large store does not parse every shard.

Two files in the data directory: ``.snapshot.npz`` (the numeric and coded columns, numpy's own
format, with ACLED ids as hashes and the live slots in id order) and ``.snapshot.json`` (the
columns' vocabularies, the shard files, and the size, modification time and inode of every shard
when it was taken). The JSON file is written
last and names a token the npz file also holds: a crash between the two, or a copy of only one,
leaves a pair that does not match, which is never used.

A snapshot is a cache, never the record: on open, shards whose size or time differ from the
snapshot's (another process wrote them, or this one was killed before its next snapshot) are read
again; a missing, unreadable or mismatched snapshot means a full read of the shards, after which
a new one is written. TinyDB files stay the system of record.
"""

from __future__ import annotations

import io
import logging
import secrets
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import orjson

from store.storage import atomic_write

log = logging.getLogger(__name__)

NPZ, META = ".snapshot.npz", ".snapshot.json"
VERSION = 4  # 2: group columns; 3: the note index; 4: ACLED ids as hash arrays


@dataclass
class Snapshot:
    arrays: dict[str, np.ndarray]
    labels: dict[str, list[str]]
    files: list[str]  # shard of each slot, by code
    file_of_slot: np.ndarray
    acled: tuple[np.ndarray, np.ndarray]  # (hash of event_id_cnty, incident id), ``store.incidents.AcledIds``
    shards: dict[str, tuple[int, int, int]]  # shard -> (size, mtime_ns, inode) when taken
    generation: int  # the directory's write generation when taken (``store.sharing``)
    notes: tuple | None = None  # the note index (``store.textindex.NoteIndex.state``), when it was built
    by_id: np.ndarray | None = None  # the live slots in the order of their ids: no sort at open


def shard_stats(root: Path) -> dict[str, tuple[int, int, int]]:
    """Size, modification time and inode of every incident shard under ``root`` (every write
    replaces a shard's file, so a rewritten shard has another inode too)."""
    out = {}
    for path in (root / "incidents").glob("*/*.json"):
        st = path.stat()
        out[f"incidents/{path.parent.name}/{path.name}"] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return out


def save(root: Path, snap: Snapshot) -> None:
    """Write a snapshot (the npz first, the JSON that validates it last)."""
    token = secrets.token_hex(8)
    buf = io.BytesIO()
    columns = {**snap.arrays, "file_of_slot": snap.file_of_slot, "token": np.frombuffer(token.encode(), np.uint8)}
    columns |= {"acled_keys": snap.acled[0], "acled_ids": snap.acled[1]}
    if snap.by_id is not None:
        columns["by_id"] = snap.by_id
    if snap.notes is not None:
        columns |= {"note_offsets": snap.notes[1], "note_slots": snap.notes[2], "note_replaced": snap.notes[4]}
    np.savez(buf, **columns)  # type: ignore[arg-type]  # numpy's stub types the keywords as allow_pickle
    atomic_write(root / NPZ, buf.getvalue())
    meta = {
        "version": VERSION,
        "token": token,
        "labels": snap.labels,
        "files": snap.files,
        "shards": snap.shards,
        "generation": snap.generation,
        "note_words": snap.notes[0] if snap.notes else None,
        "note_covered": snap.notes[3] if snap.notes else 0,
    }
    atomic_write(root / META, orjson.dumps(meta))


def load(root: Path) -> Snapshot | None:
    """The snapshot in ``root``, or None when there is none that can be trusted."""
    try:
        meta = orjson.loads((root / META).read_bytes())
        arrays = _mapped(root / NPZ)
        token = arrays.pop("token").tobytes().decode()
        if meta.get("version") != VERSION or token != meta["token"]:
            log.info("snapshot out of step with its columns: reading every shard")
            return None
        file_of_slot = arrays.pop("file_of_slot")
        acled = (arrays.pop("acled_keys"), arrays.pop("acled_ids"))
        by_id = arrays.pop("by_id", None)
        if len(acled[0]) != len(acled[1]):
            raise ValueError("ACLED ids of another size")
        notes = None
        if meta.get("note_words") is not None:
            offsets, flat, replaced = arrays.pop("note_offsets"), arrays.pop("note_slots"), arrays.pop("note_replaced")
            if len(offsets) != len(meta["note_words"]) + 1 or (len(offsets) and offsets[-1] != len(flat)):
                raise ValueError("note index of another size")
            notes = (meta["note_words"], offsets, flat, int(meta["note_covered"]), replaced)
        n = len(file_of_slot)
        if any(len(a) != n for a in arrays.values()):
            raise ValueError("columns of different lengths")
        if by_id is not None and (len(by_id) != int(arrays["alive"].sum()) or not arrays["alive"][by_id].all()):
            raise ValueError("id order of other slots")
        return Snapshot(
            arrays,
            meta["labels"],
            meta["files"],
            file_of_slot,
            acled,
            {rel: (int(s[0]), int(s[1]), int(s[2])) for rel, s in meta["shards"].items()},
            int(meta["generation"]),
            notes,
            by_id,
        )
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged cache is rebuilt from the record, whatever the damage
        log.warning("unreadable snapshot (%s): reading every shard", exc)
        return None


_HEADERS = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}


def _mapped(path: Path) -> dict[str, np.ndarray]:
    """The npz's arrays mapped copy-on-write from the file, not read: a page is read when a query
    first touches it, and only a page written (a later ingest) is copied. ``np.savez`` stores its
    members uncompressed, each one contiguous in the file after its zip and npy headers."""
    out = {}
    with zipfile.ZipFile(path) as zf, open(path, "rb") as fh:
        for info in zf.infolist():
            if info.compress_type != zipfile.ZIP_STORED:
                raise ValueError(f"{info.filename} is compressed")
            fh.seek(info.header_offset)
            local = fh.read(30)
            name_len, extra_len = struct.unpack("<HH", local[26:30])
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            read_header = _HEADERS.get(np.lib.format.read_magic(fh))
            if read_header is None:
                raise ValueError(f"{info.filename}: npy format of another version")
            shape, fortran, dtype = read_header(fh)
            if fortran or dtype.hasobject:
                raise ValueError(f"{info.filename} is not a plain array")
            count = int(np.prod(shape))
            out[info.filename.removesuffix(".npy")] = (
                np.asarray(np.memmap(fh, dtype=dtype, mode="c", offset=fh.tell(), shape=shape))  # (a plain view)
                if count
                else np.empty(shape, dtype=dtype)
            )
    return out


def discard(root: Path) -> None:
    for name in (META, NPZ):
        (root / name).unlink(missing_ok=True)
