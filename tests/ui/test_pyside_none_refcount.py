"""Regression guard: PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of
a void Qt method; after enough calls None's count reaches zero and the interpreter aborts
("none_dealloc"). pyproject.toml caps PySide6 below 6.12 on 3.11 for this reason. This test
makes ~10,000 such calls and checks that None's reference count did not fall. (From Python
3.12 on, None is immortal and its count is constant, so the test passes trivially there.)"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QPointF
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene

CALLS = 10_000


def test_void_qt_calls_do_not_leak_none_references(qapp):
    scene = QGraphicsScene()
    item = QGraphicsRectItem(0, 0, 10, 10)
    scene.addItem(item)
    obj = QObject()
    pen = QPen(QColor("#336699"))
    point = QPointF(1.0, 2.0)
    # warm up: first calls may create cached wrappers or interned strings
    for _ in range(100):
        item.setPos(point)
        item.setPen(pen)
        obj.setObjectName("warm")
    before = sys.getrefcount(None)
    for i in range(CALLS // 3 + 1):
        item.setPos(point)  # void QGraphicsItem::setPos
        item.setPen(pen)  # void QAbstractGraphicsShapeItem::setPen
        obj.setObjectName("n" if i % 2 else "m")  # void QObject::setObjectName
    after = sys.getrefcount(None)
    # a leaking binding loses one reference per call (about 10,000); allow for noise
    assert after >= before - 50, f"None lost {before - after} references in {CALLS} void calls"
    assert item.pos() == point and obj.objectName() in ("n", "m")
