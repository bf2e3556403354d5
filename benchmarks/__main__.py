"""`make bench`: every benchmark in turn, each printing its own figures.

BENCH_CASES sets the end-to-end case count (default 1,000); BENCH_PROFILE=1 samples the worker.
"""

from benchmarks import (
    change_detection,
    end_to_end,
    gold_large_case,
    refresh_feed,
    silver_large_case,
)

silver_large_case.main()
gold_large_case.main()
change_detection.main()
end_to_end.main()
refresh_feed.main()
