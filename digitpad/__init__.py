"""digitpad: draw a digit, watch a CNN classify it, train it live and see overfitting and its cures."""

__version__ = "0.1.0"
