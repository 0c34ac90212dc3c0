"""Peer side of `npm run bench:small`: scikit-learn's bundled small tables and its HistGradientBoosting
defaults on the very folds our models use.

  small_tables.py export DIR     write diabetes.json and breast_cancer.json ({X, y, names}) to DIR
  small_tables.py score DIR      read DIR/<name>.folds.json (fold of each row, per repeat) and print one
                                 JSON line per table: {"table", "metric", "score"} (mean held-out score)
"""
import json
import os
import sys

import numpy as np

TABLES = {"diabetes": "r2", "breast_cancer": "rocAuc"}


def export(directory):
    from sklearn.datasets import load_breast_cancer, load_diabetes

    for name, loader in (("diabetes", load_diabetes), ("breast_cancer", load_breast_cancer)):
        data = loader()
        with open(os.path.join(directory, name + ".json"), "w") as f:
            json.dump({"X": data.data.tolist(), "y": data.target.tolist(), "names": [str(n) for n in data.feature_names]}, f)


def score(directory):
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from sklearn.metrics import r2_score, roc_auc_score

    for name, metric in TABLES.items():
        with open(os.path.join(directory, name + ".json")) as f:
            data = json.load(f)
        with open(os.path.join(directory, name + ".folds.json")) as f:
            repeats = json.load(f)
        X, y = np.array(data["X"]), np.array(data["y"])
        scores = []
        for folds in repeats:
            folds = np.array(folds)
            for k in range(int(folds.max()) + 1):
                train, test = folds != k, folds == k
                if metric == "r2":
                    model = HistGradientBoostingRegressor(random_state=0).fit(X[train], y[train])
                    scores.append(r2_score(y[test], model.predict(X[test])))
                else:
                    model = HistGradientBoostingClassifier(random_state=0).fit(X[train], y[train])
                    scores.append(roc_auc_score(y[test], model.predict_proba(X[test])[:, 1]))
        print(json.dumps({"table": name, "metric": metric, "score": float(np.mean(scores))}), flush=True)


if __name__ == "__main__":
    {"export": export, "score": score}[sys.argv[1]](sys.argv[2])
