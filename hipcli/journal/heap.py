"""Freed memory kept for the next region of a journal read whole.

A view of the whole journal reads it a region at a time (256 KiB of text, up to 1 MiB once
decoded), and each region's texts are freed before the next is read. glibc's allocator gives
memory at the top of its heap back to the system as soon as more than a little is free, so the
next region takes it back page by page; and a text larger than any freed before is given pages
of its own (`mmap`), given back as soon as it is freed. On 100,000 sessions, `hipcli log --all`
met 35,000-60,000 page faults doing so, and reading and decoding the regions took 127 ms instead
of 29 ms. Asking it to keep 64 MiB when it trims (`M_TOP_PAD`) and to take texts under 32 MiB
from its heap (`M_MMAP_THRESHOLD`) keeps the pages the regions use (about 5,500 faults); the
memory a view holds does not change (only what was already in use stays in use).
"""

from __future__ import annotations

import functools
import sys

_M_TOP_PAD, _M_MMAP_THRESHOLD = -2, -3  # mallopt's parameters (glibc's malloc.h)
_KEPT = 64 << 20
_OWN_PAGES = 32 << 20  # (glibc's largest)


@functools.cache
def keep_freed_memory() -> None:
    """Ask the C library to keep freed memory for reuse (glibc on Linux; elsewhere nothing)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes  # deferred: only views of the whole journal need it

        mallopt = ctypes.CDLL(None).mallopt
        mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        mallopt(_M_TOP_PAD, _KEPT)
        mallopt(_M_MMAP_THRESHOLD, _OWN_PAGES)
    except (ImportError, OSError, AttributeError):  # (no ctypes, or no such knob to turn)
        return
