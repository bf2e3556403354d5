"""The top of a py-spy profile: functions by own samples and by samples under them.

    python -m benchmarks.profile_summary worker-profile.txt

Reads py-spy's `raw` format (collapsed stacks: `frame;frame;... count`, root first). Samples
whose innermost frame waits in the event loop's selector are idle, not work, and left out.
"""

import re
import sys
from collections import Counter

_LINE_NUMBER = re.compile(r":\d+\)$")
_SITE_PACKAGES = re.compile(r"\(.*site-packages/")
# Frames some py-spy versions put first: the process and the thread, not code.
_NOT_CODE = ("process ", "thread (")
_IDLE = re.compile(r"\bselect \(selectors\.py\)$")


def _frame(text: str) -> str:
    """`func (path/to/file.py:12)` → `func (file.py)`, library paths cut at site-packages."""
    text = _LINE_NUMBER.sub(")", text.strip())
    return _SITE_PACKAGES.sub("(", text)


_OURS = ("activities/", "api/", "medallion/", "workflows/", "worker.py")
# Where a sample's innermost frame runs, by the start of its file's path.
_AREAS = (
    ("Temporal SDK (activations, payload conversion, sandbox)", ("temporalio/", "<frozen")),
    ("asyncpg", ("asyncpg/",)),
    ("HTTP client (httpx, httpcore, h11, anyio)", ("httpx/", "httpcore/", "h11/", "anyio/")),
    ("asyncio socket I/O and loop", ("asyncio/", "selectors.py")),
    ("thread pool handoff (workflow activations)", ("concurrent/", "threading.py")),
    ("our code", _OURS),
)


def _where(frame: str) -> str:
    return frame[frame.rfind("(") + 1 :]


def _area(frame: str) -> str:
    where = _where(frame)
    return next((name for name, starts in _AREAS if where.startswith(starts)), "other (stdlib)")


def summarise_profile(raw: str, top: int = 15) -> str:
    own: Counter[str] = Counter()
    under: Counter[str] = Counter()
    areas: Counter[str] = Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_frame(f) for f in stack.split(";") if not f.startswith(_NOT_CODE)]
        if not frames or _IDLE.search(frames[-1]):
            continue
        total += count
        own[frames[-1]] += count
        areas[_area(frames[-1])] += count
        for name in set(frames):
            if _where(name).startswith(_OURS[:-1]):
                under[name] += count
    if total == 0:
        return "profile: no samples"
    lines = [f"worker profile: {total} samples while busy (py-spy, 50 Hz)", "  own time by area:"]
    for name, count in areas.most_common():
        lines.append(f"    {100 * count / total:5.1f}%  {name}")
    titles = (("own time", own), ("total time (self + callees), our functions", under))
    for title, counter in titles:
        lines.append(f"  top {top} by {title}:")
        for name, count in counter.most_common(top):
            lines.append(f"    {100 * count / total:5.1f}%  {name}")
    return "\n".join(lines)


if __name__ == "__main__":
    with open(sys.argv[1]) as profile:
        print(summarise_profile(profile.read()))
