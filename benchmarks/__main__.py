"""`make bench`: every benchmark in turn, each printing its own figures."""

from benchmarks import gold_large_case, silver_large_case

silver_large_case.main()
gold_large_case.main()
