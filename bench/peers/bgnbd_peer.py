"""The BG/NBD fit as lifetimes writes it (its negative log-likelihood in NumPy, scipy.optimize.minimize),
timed on the summary CSV bench:clv writes. Prints one line: seconds and parameters."""
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln


def negative_log_likelihood(log_params, x, tx, T):
    r, alpha, a, b = np.exp(log_params)
    A_1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    A_2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    A_3 = -(r + x) * np.log(alpha + T)
    A_4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx), -np.inf)
    return -(A_1 + A_2 + np.logaddexp(A_3, A_4)).mean()


data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
x, tx, T = data[:, 0], data[:, 1], data[:, 2]
start = time.perf_counter()
result = minimize(negative_log_likelihood, np.log([1.0, max(T.max() / 10, 1e-3), 1.0, 1.0]), args=(x, tx, T), method="BFGS")
seconds = time.perf_counter() - start
r, alpha, a, b = np.exp(result.x)
print(f"{seconds:.2f} s, {result.nfev} likelihood evaluations (numeric gradient), r {r:.4f}, alpha {alpha:.4f}, a {a:.4f}, b {b:.4f}")
