"""Keep what a server process built at start-up out of the garbage collector's full passes.

The API and the worker hold tens of thousands of long-lived objects from start-up (modules,
classes, models, routes). A full (generation 2) collection walked them all: in the API, pauses
of 58–78 ms that stalled every request in flight, found none of them to be garbage, and set the
status p99 at 84–102 ms against a p90 of 22–30 ms. Frozen, they are skipped: 2 ms a pass.
"""

import gc


def freeze_startup_heap() -> None:
    """Call once start-up is done: start-up's garbage is collected, what is left is frozen."""
    gc.collect()
    gc.freeze()
