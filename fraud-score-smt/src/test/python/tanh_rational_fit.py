"""Fits the coefficients of Activation.TANH: tanh(x) = x * P(x^2) / Q(x^2), P and Q of degree 7, Q(0) = 1.

Iteratively reweighted linear least squares (Sanathanan-Koerner, with Lawson-style weights towards the least maximum
relative error) on [0, 19.1], beyond which tanh is +-1 in double. Prints the coefficients and the largest relative
error of their double-precision Horner evaluation against mpmath. Needs numpy and mpmath:
    python3 tanh_rational_fit.py
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 40
END = 19.1
DEGREE = 7


def fit(iterations=40):
    k = np.arange(1, 6001)
    x = np.unique(np.concatenate([END * (1 - np.cos(np.pi * k / 12000)), np.linspace(1e-4, END, 6000)]))
    f = np.array([float(mp.tanh(mp.mpf(v))) for v in x])
    t = x * x
    g = f / x
    weights = np.ones_like(x)
    for _ in range(iterations):
        powers = np.vstack([t ** i for i in range(DEGREE + 1)]).T
        a = np.hstack([powers, -g[:, None] * powers[:, 1:]]) * weights[:, None]
        scale = np.sqrt((a ** 2).sum(0))
        solution = np.linalg.lstsq(a / scale, g * weights, rcond=None)[0] / scale
        p, q = solution[:DEGREE + 1], np.concatenate([[1.0], solution[DEGREE + 1:]])
        pv, qv = np.polyval(p[::-1], t), np.polyval(q[::-1], t)
        relative = (x * pv / qv - f) / f
        weights = (1.0 / np.abs(qv) / g) * (1 + 50 * np.abs(relative) / np.abs(relative).max())
    return p, q


def horner(coefficients, t):
    result = 0.0
    for c in coefficients[::-1]:
        result = result * t + c
    return result


p, q = fit()
worst = 0.0
for v in np.concatenate([np.linspace(0, END, 200001)[1::7], np.logspace(-12, 0, 2000)]):
    exact = float(mp.tanh(mp.mpf(v)))
    worst = max(worst, abs(v * horner(p, v * v) / horner(q, v * v) - exact) / exact)
print("P =", [float(c) for c in p])
print("Q =", [float(c) for c in q])
print("max relative error", worst)
