"""PDF transformation matrices, as content streams set them (cm, Tm, a form's /Matrix)."""

from __future__ import annotations

from typing import Any

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def multiply(m1: Matrix, m0: Matrix) -> Matrix:
    """m1, then m0 (PDF order), in pdfminer's arithmetic, so that boxes match its to the bit."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def matrix(values: Any) -> Matrix:
    """Six operands as a matrix of floats."""
    a, b, c, d, e, f = (float(v) for v in values)
    return (a, b, c, d, e, f)
