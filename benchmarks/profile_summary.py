"""The top of a py-spy profile: functions by own samples and by samples under them.

    python -m benchmarks.profile_summary worker-profile.txt

Reads py-spy's `raw` format (collapsed stacks: `frame;frame;... count`, root first).
"""

import re
import sys
from collections import Counter

_LINE_NUMBER = re.compile(r":\d+\)$")
_SITE_PACKAGES = re.compile(r"\(.*site-packages/")


def _frame(text: str) -> str:
    """`func (path/to/file.py:12)` → `func (file.py)`, library paths cut at site-packages."""
    text = _LINE_NUMBER.sub(")", text.strip())
    text = _SITE_PACKAGES.sub("(", text)
    if "(" in text:
        name, _, where = text.partition(" (")
        return f"{name} ({where.rsplit('/', 3)[-1] if '/' in where else where}"
    return text


def summarise_profile(raw: str, top: int = 15) -> str:
    own: Counter[str] = Counter()
    under: Counter[str] = Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        # The first two frames are the process and the thread.
        frames = [_frame(f) for f in stack.split(";")[2:]] or ["(idle)"]
        total += count
        own[frames[-1]] += count
        for name in set(frames):
            under[name] += count
    if total == 0:
        return "profile: no samples"
    lines = [f"worker profile: {total} samples while busy (py-spy, 50 Hz)"]
    for title, counter in (("own time", own), ("total time (self + callees)", under)):
        lines.append(f"  top {top} by {title}:")
        for name, count in counter.most_common(top):
            lines.append(f"    {100 * count / total:5.1f}%  {name}")
    return "\n".join(lines)


if __name__ == "__main__":
    with open(sys.argv[1]) as profile:
        print(summarise_profile(profile.read()))
