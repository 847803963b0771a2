"""A download's body, decoded within bounds: one layer of gzip or deflate at most, never
more than a bounded piece at a time, at most RATIO times the bytes received, and within
an overall deadline (beside the connection's own idle time-out)."""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable, Iterator

from iopcost.core.errors import DataFileError
from iopcost.core.language import _

# The most bytes one piece of decoded body holds, whatever one compressed chunk holds.
PIECE = 1 << 18
# Decoded bytes allowed per byte received, and the first bytes allowed whatever the ratio
# (a small page can decode to more than its ratio).
RATIO = 200
FIRST_BYTES = 1 << 20
# The whole download's deadline, in idle time-outs.
DEADLINE_TIMEOUTS = 20
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class Body:
    """What a server sends, decoded as its Content-Encoding says, within the bounds."""

    def __init__(self, url: str, encoding: str, *, deadline: float) -> None:
        self.url = url
        layers = [part.strip().lower() for part in encoding.split(",") if part.strip()]
        layers = [layer for layer in layers if layer != "identity"]
        if len(layers) > 1:
            raise DataFileError(
                _(
                    "{url} is compressed in {layers} layers; iopcost reads at most one.",
                    url=url,
                    layers=len(layers),
                )
            )
        if layers and layers[0] not in _WBITS:
            raise DataFileError(
                _(
                    "{url} is compressed as {encoding}, which iopcost does not read; ask for "
                    "it plain, gzip or deflate.",
                    url=url,
                    encoding=layers[0][:20],
                )
            )
        self.decoder = zlib.decompressobj(_WBITS[layers[0]]) if layers else None
        self.received = 0
        self.decoded = 0
        self.ends = time.monotonic() + deadline * DEADLINE_TIMEOUTS
        self.deadline = deadline * DEADLINE_TIMEOUTS

    def chunks(self, raw: Iterable[bytes]) -> Iterator[bytes]:
        """The decoded body, piece by piece."""
        for data in raw:
            self.received += len(data)
            self._in_time()
            if self.decoder is None:
                yield data
                continue
            try:
                yield from self._decoded(data)
            except zlib.error:
                raise DataFileError(
                    _("{url} sent a body that does not decompress; try again.", url=self.url)
                ) from None
        if self.decoder is not None:
            tail = self.decoder.flush()
            if tail:
                yield self._counted(tail)

    def _decoded(self, data: bytes) -> Iterator[bytes]:
        assert self.decoder is not None
        while data:
            piece = self.decoder.decompress(data, PIECE)
            if piece:
                yield self._counted(piece)
            data = self.decoder.unconsumed_tail

    def _counted(self, piece: bytes) -> bytes:
        self.decoded += len(piece)
        if self.decoded > max(FIRST_BYTES, RATIO * self.received):
            raise DataFileError(
                _(
                    "{url} decompresses to over {ratio} times its size, as no real file does; "
                    "nothing was kept.",
                    url=self.url,
                    ratio=RATIO,
                )
            )
        return piece

    def _in_time(self) -> None:
        if time.monotonic() > self.ends:
            raise DataFileError(
                _(
                    "{url} took longer than {deadline:g} s in all; nothing was kept; try again "
                    "later.",
                    url=self.url,
                    deadline=self.deadline,
                )
            )
