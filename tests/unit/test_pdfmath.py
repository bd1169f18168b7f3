"""pdfmath: transformation matrices composed in PDF order."""

from __future__ import annotations

from resourcepack.pdfmath import IDENTITY, matrix, multiply


def test_identity_changes_nothing() -> None:
    m = (2.0, 0.0, 0.0, 3.0, 10.0, 20.0)
    assert multiply(m, IDENTITY) == m
    assert multiply(IDENTITY, m) == m


def test_scale_then_translate_is_not_translate_then_scale() -> None:
    scale, move = (2.0, 0.0, 0.0, 2.0, 0.0, 0.0), (1.0, 0.0, 0.0, 1.0, 5.0, 7.0)
    assert multiply(scale, move) == (2.0, 0.0, 0.0, 2.0, 5.0, 7.0)
    assert multiply(move, scale) == (2.0, 0.0, 0.0, 2.0, 10.0, 14.0)


def test_a_quarter_turn_twice_is_a_half_turn() -> None:
    turn = (0.0, 1.0, -1.0, 0.0, 0.0, 0.0)
    assert multiply(turn, turn) == (-1.0, 0.0, 0.0, -1.0, 0.0, 0.0)


def test_matrix_reads_six_operands() -> None:
    assert matrix(["1", 0, 0, 1.5, "2", 3]) == (1.0, 0.0, 0.0, 1.5, 2.0, 3.0)
