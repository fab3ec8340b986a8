#!/usr/bin/env python3
"""The `implicit` library's ALS on the split `careerops eval recommender --split-out DIR` wrote:
same factors and sweeps, its default regularization and alpha, ranking metrics at 10 by its own
`ranking_metrics_at_k`. Prints one JSON object. Needs `pip install implicit`."""
import json, os, sys, time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # implicit's advice: its own threads, one BLAS thread each
import numpy as np
import scipy.sparse as sp
import implicit
from implicit.evaluation import ranking_metrics_at_k

folder = sys.argv[1]
factors = int(sys.argv[2]) if len(sys.argv) > 2 else 64
iterations = int(sys.argv[3]) if len(sys.argv) > 3 else 15

def pairs(name):
    return np.loadtxt(os.path.join(folder, name), dtype=np.int64, ndmin=2)

train, test = pairs("train.tsv"), pairs("test.tsv")
shape = (int(max(train[:, 0].max(), test[:, 0].max())) + 1, int(max(train[:, 1].max(), test[:, 1].max())) + 1)
def matrix(p):
    return sp.csr_matrix((np.ones(len(p), dtype=np.float32), (p[:, 0], p[:, 1])), shape=shape)
train_m, test_m = matrix(train), matrix(test)
fits = []
for run in range(3):
    model = implicit.als.AlternatingLeastSquares(factors=factors, iterations=iterations, random_state=42)
    start = time.perf_counter()
    model.fit(train_m, show_progress=False)
    fits.append(time.perf_counter() - start)
metrics = ranking_metrics_at_k(model, train_m, test_m, K=10, show_progress=False)
print(json.dumps({"implicit_version": implicit.__version__, "precision_at_10": metrics["precision"], "ndcg_at_10": metrics["ndcg"],
                  "fit_seconds": sorted(fits)[1], "fit_seconds_all": fits}))
