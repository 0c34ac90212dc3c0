"""scikit-learn's GaussianMixture on the rows bench/segments.ts wrote: the same k, covariance,
tolerance, n_init and k-means start, timed with perf_counter; prints one JSON line."""
import json
import sys
import time

import numpy as np
from sklearn.mixture import GaussianMixture

path, k, n_init = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
X = np.fromfile(path, dtype=np.float64).reshape(-1, 4)
start = time.perf_counter()
model = GaussianMixture(n_components=k, covariance_type="full", tol=1e-3, n_init=n_init, reg_covar=1e-6, random_state=1).fit(X)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "iterations": int(model.n_iter_), "meanLogLikelihood": float(model.score(X))}))
