# One measured pandas.read_csv in a fresh process: prints {"ms", "maxRssMiB", "rows"} as JSON.
import json, resource, sys, time
import pandas as pd

started = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
ms = (time.perf_counter() - started) * 1000
print(json.dumps({"ms": ms, "maxRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": len(frame)}))
