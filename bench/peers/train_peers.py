"""Python peers of `npm run bench:train`: scikit-learn and XGBoost on the very rows our models see.

Reads the float64 file written by bench/train.ts (row-major X_train, y_train, X_test, y_test; shapes
in the JSON sidecar), fits the requested peers with the settings given in the sidecar, and prints one
JSON line per model: {"model", "seconds", "metric", "metricName"}. Fit time only (no data loading).
"""
import json
import sys
import time

import numpy as np


def load(path):
    with open(path + ".json") as f:
        meta = json.load(f)
    raw = np.fromfile(path, dtype="<f8")
    n, m, p = meta["nTrain"], meta["nTest"], meta["nFeatures"]
    at = 0
    X_train = raw[at : at + n * p].reshape(n, p); at += n * p
    y_train = raw[at : at + n]; at += n
    X_test = raw[at : at + m * p].reshape(m, p); at += m * p
    y_test = raw[at : at + m]
    return meta, X_train, y_train, X_test, y_test


def auc(y, score):
    from sklearn.metrics import roc_auc_score
    return float(roc_auc_score(y, score))


def rmse(y, pred):
    return float(np.sqrt(np.mean((y - pred) ** 2)))


def main():
    path, names = sys.argv[1], sys.argv[2].split(",")
    meta, X_train, y_train, X_test, y_test = load(path)
    s = meta["settings"]
    threads = int(meta["threads"])
    for name in names:
        try:
            if name == "LogisticRegression":
                from sklearn.linear_model import LogisticRegression
                from sklearn.pipeline import make_pipeline
                from sklearn.preprocessing import StandardScaler
                model = make_pipeline(StandardScaler(), LogisticRegression(C=s["logisticC"], max_iter=500, tol=1e-6))
                kind = "proba"
            elif name == "LinearRegression":
                from sklearn.linear_model import Ridge
                from sklearn.pipeline import make_pipeline
                from sklearn.preprocessing import StandardScaler
                model = make_pipeline(StandardScaler(), Ridge(alpha=s["ridgeAlpha"]))
                kind = "regression"
            elif name == "DecisionTreeClassifier":
                from sklearn.tree import DecisionTreeClassifier
                model = DecisionTreeClassifier(max_depth=s["treeMaxDepth"], min_samples_leaf=s["treeMinSamplesLeaf"], random_state=0)
                kind = "proba"
            elif name == "RandomForestClassifier":
                from sklearn.ensemble import RandomForestClassifier
                model = RandomForestClassifier(
                    n_estimators=s["forestTrees"], max_depth=s["forestMaxDepth"], min_samples_leaf=s["forestMinSamplesLeaf"],
                    max_features="sqrt", n_jobs=threads, random_state=0)
                kind = "proba"
            elif name == "HistGradientBoostingClassifier":
                from sklearn.ensemble import HistGradientBoostingClassifier
                model = HistGradientBoostingClassifier(
                    max_iter=s["boostTrees"], learning_rate=s["learningRate"], max_depth=s["boostMaxDepth"],
                    max_leaf_nodes=None, l2_regularization=s["lambda"], min_samples_leaf=s["boostMinSamplesLeaf"], max_bins=255,
                    early_stopping=False, random_state=0)
                kind = "proba"
            elif name == "XGBClassifier":
                import xgboost as xgb
                model = xgb.XGBClassifier(
                    n_estimators=s["boostTrees"], learning_rate=s["learningRate"], max_depth=s["boostMaxDepth"],
                    reg_lambda=s["lambda"], min_child_weight=s["minChildWeight"], tree_method="hist", max_bin=255,
                    n_jobs=threads, random_state=0)
                kind = "proba"
            else:
                print(json.dumps({"model": name, "error": "unknown peer"}), flush=True)
                continue
            start = time.perf_counter()
            model.fit(X_train, y_train)
            seconds = time.perf_counter() - start
            if kind == "proba":
                metric, metric_name = auc(y_test, model.predict_proba(X_test)[:, 1]), "AUC"
            else:
                metric, metric_name = rmse(y_test, model.predict(X_test)), "RMSE"
            print(json.dumps({"model": name, "seconds": seconds, "metric": metric, "metricName": metric_name}), flush=True)
        except Exception as error:  # report and go on with the other peers
            print(json.dumps({"model": name, "error": repr(error)}), flush=True)


if __name__ == "__main__":
    main()
