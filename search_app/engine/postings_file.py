"""Each segment's postings without their positions, in a file of their own beside it.

Whoosh keeps a word's postings in blocks of 128, each block a compressed pickle of the
documents, their weights and their positions. Matching and ranking need no positions, yet a
block cannot be read without decompressing and unpickling all of them: some 2 µs a posting, so
20 ms for a word most of 10,000 cases have, and a search for a common word at first sight reads
several such. So when a segment is written (a build, an editor's save), the postings of its
words that at least ``LEAST`` cases have are also written without positions to a file of their
own (:func:`write_missing`): per word, its documents as 32-bit numbers and its weights as floats
(the same values), found by a table of the words' hashes; such a word is then one read of the
file. Rarer words (a block of postings at most) are read from Whoosh's blocks, as are positions
(phrases).

The file is named like the segment's own files (``<segment id>.postings``), so Whoosh deletes
it with the segment when a merge replaces it. A segment without one (an index written by older
code, or a save a worker sees before its file is written) is read Whoosh's way, with the same
result: tests/test_fast_postings.py compares both with Whoosh's matchers.
"""
from __future__ import annotations

import os
import struct
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from hashlib import blake2b
from pathlib import Path

from .compat import new_segments, segment_filename, segment_id, segment_postings
from .memory import LIMITS

SUFFIX = ".postings"
LEAST = 128
"""Words fewer cases have (a block of postings at most) are left to Whoosh's blocks: reading
them there costs little more than a look-up, and walking every word of a segment to write
them would add a second to a build of the 71 cases (a segment with fewer cases is not walked)."""
MAGIC = b"CASESAMLINGEN-POSTINGS-1\n"
_HEADER = struct.Struct("<I")  # how many words
_ENTRY = struct.Struct("<HIc")  # key length, postings, weight type ("f" or "d")


def _key(fieldname: str, btext: bytes) -> bytes:
    return fieldname.encode("utf-8") + b"\0" + btext


def _hash(key: bytes) -> int:
    """A hash of the key that is the same in every process (Python's own is not)."""
    return int.from_bytes(blake2b(key, digest_size=8).digest(), "little", signed=True)


class PostingsFile:
    """One segment's file: the table of its words (hash, where, how long; 20 bytes a word) in
    memory, the postings read when asked for."""

    def __init__(self, path: str):
        self.fd = os.open(path, os.O_RDONLY)
        try:
            start = len(MAGIC) + _HEADER.size
            head = os.pread(self.fd, start, 0)
            if head[: len(MAGIC)] != MAGIC:
                raise ValueError(f"{path}: not a postings file")
            (count,) = _HEADER.unpack(head[len(MAGIC):])
            table = os.pread(self.fd, 20 * count, start)
            if len(table) != 20 * count:
                raise ValueError(f"{path}: cut short")
            self.hashes = array("q")
            self.hashes.frombytes(table[: 8 * count])
            self.offsets = array("Q")
            self.offsets.frombytes(table[8 * count: 16 * count])
            self.sizes = array("I")
            self.sizes.frombytes(table[16 * count:])
        except BaseException:
            os.close(self.fd)
            raise

    def read(self, fieldname: str, btext: bytes) -> tuple[array, array] | None:
        """(local document numbers, weights) of the word in this segment, or None when the
        file does not have it (the segment may: see ``LEAST``)."""
        key = _key(fieldname, btext)
        wanted = _hash(key)
        hashes = self.hashes
        at = bisect_left(hashes, wanted)
        while at < len(hashes) and hashes[at] == wanted:
            raw = os.pread(self.fd, self.sizes[at], self.offsets[at])
            length, count, kind = _ENTRY.unpack_from(raw)
            start = _ENTRY.size + length
            if raw[_ENTRY.size: start] == key:
                docnums = array("I")
                docnums.frombytes(raw[start: start + 4 * count])
                weights = array(kind.decode("ascii"))
                weights.frombytes(raw[start + 4 * count:])
                return docnums, weights
            at += 1
        return None

    def close(self) -> None:
        os.close(self.fd)


_OPEN: "OrderedDict[tuple[str, str], PostingsFile]" = OrderedDict()
_OPEN_LOCK = threading.Lock()


def of_segment(folder: str, leaf) -> PostingsFile | None:
    """The postings file of the segment ``leaf`` reads (of the index in ``folder``), or None
    when it has none. Open files are kept process-wide by (folder, segment id), the most recent
    ``LIMITS['segments']``: a segment's file never changes once written."""
    segment = segment_id(leaf)
    if not segment or not folder:
        return None
    key = (folder, segment)
    with _OPEN_LOCK:
        found = _OPEN.get(key)
        if found is not None:
            _OPEN.move_to_end(key)
            return found
    path = os.path.join(folder, segment_filename(leaf, SUFFIX))
    try:
        found = PostingsFile(path)
    except (OSError, ValueError, struct.error):
        return None
    with _OPEN_LOCK:
        if key in _OPEN:  # opened meanwhile by another thread
            found.close()
            return _OPEN[key]
        _OPEN[key] = found
        while len(_OPEN) > LIMITS["segments"]:
            _, dropped = _OPEN.popitem(last=False)
            dropped.close()
    return found


def write(leaf, path: Path) -> None:
    """Write the postings of the words of one segment that at least ``LEAST`` cases have to
    ``path`` (through a hidden file renamed into place: a reader sees the whole file or none)."""
    entries: list[tuple[int, bytes]] = []
    common = segment_postings(leaf, LEAST) if leaf.doc_count_all() >= LEAST else ()
    for fieldname, btext, ids, weights in common:
        docnums = array("I", ids)
        narrow = array("f", weights)
        kind, packed = ("f", narrow) if narrow.tolist() == weights else ("d", array("d", weights))
        key = _key(fieldname, btext)
        entries.append((_hash(key), _ENTRY.pack(len(key), len(docnums), kind.encode("ascii"))
                        + key + docnums.tobytes() + packed.tobytes()))
    entries.sort(key=lambda entry: entry[0])
    start = len(MAGIC) + _HEADER.size + 20 * len(entries)
    offsets, sizes = array("Q"), array("I")
    for _, body in entries:
        offsets.append(start)
        sizes.append(len(body))
        start += len(body)
    hidden = path.with_name(f".{path.name}.tmp")
    with open(hidden, "wb") as f:
        f.write(MAGIC + _HEADER.pack(len(entries)))
        f.write(array("q", (h for h, _ in entries)).tobytes())
        f.write(offsets.tobytes())
        f.write(sizes.tobytes())
        for _, body in entries:
            f.write(body)
    os.replace(hidden, path)


def write_missing(ix) -> int:
    """Write the postings file of every segment of the index ``ix`` that has none; returns how
    many were written. Called by the indexer after each commit, under the write lock."""
    folder = Path(ix.storage.folder)
    readers = new_segments(ix, lambda name: (folder / f"{name}{SUFFIX}").exists())
    for leaf in readers:
        try:
            write(leaf, folder / segment_filename(leaf, SUFFIX))
        finally:
            leaf.close()
    return len(readers)
