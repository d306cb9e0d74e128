"""Canvas colours and fonts: a light and a dark palette, chosen from the system.

Every canvas item asks its scene for the current :class:`Theme` (``scene.theme``) when it
paints, so switching themes is one ``scene.set_theme(theme)`` and a repaint. The colour
language is shared by all items:

- categories of ops have one hue each (inputs blue, parameters amber, arithmetic teal,
  activations violet, losses red);
- anything training changes (parameters, trainable weights) is amber;
- gradients are orange; a final gradient is drawn solid, a partial sum muted and italic;
- selection is the accent blue; errors are red.

:func:`system_theme` follows ``QStyleHints.colorScheme()`` and falls back to the lightness of
the application palette's window colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette


def _c(text: str, alpha: int = 255) -> QColor:
    color = QColor(text)
    color.setAlpha(alpha)
    return color


@dataclass
class Theme:
    """All colours the canvas paints with, plus its fonts."""

    name: str
    dark: bool
    background: QColor
    grid_minor: QColor
    grid_major: QColor
    node_fill: QColor
    node_body: QColor
    node_border: QColor
    node_shadow: QColor
    node_hover: QColor
    text: QColor
    text_dim: QColor
    value_text: QColor
    grad_text: QColor
    grad_partial: QColor
    categories: dict[str, QColor]
    port_fill: QColor
    port_border: QColor
    port_ok: QColor
    port_bad: QColor
    edge: QColor
    edge_hover: QColor
    edge_fixed_label: QColor
    label_fill: QColor
    label_border: QColor
    trainable: QColor
    trainable_fill: QColor
    accent: QColor
    accent_soft: QColor
    error: QColor
    error_soft: QColor
    forward_current: QColor
    backward_edge: QColor
    backward_visited: QColor
    upstream_node: QColor
    receiving_node: QColor
    overlay_box_fill: QColor
    overlay_box_text: QColor
    fonts: dict[str, QFont] = field(default_factory=dict)

    def category_color(self, op: str, category: str) -> QColor:
        """The hue of an op: parameters get the 'trainable' amber, others their category's."""
        if op == "parameter":
            return self.categories["parameter"]
        return self.categories.get(category, self.categories["arithmetic"])

    def smallest_card_font_px(self) -> int:
        """The smallest font a card draws with (title, numbers, row names), in scene px."""
        return min(self.font(role).pixelSize() for role in CARD_FONT_ROLES)

    def font(self, role: str) -> QFont:
        """A font by role: 'label', 'symbol', 'value', 'small', 'edge', 'overlay'."""
        if not self.fonts:
            self.fonts = _make_fonts()
        return self.fonts[role]


CARD_FONT_ROLES = ("label", "symbol", "value", "value_bold", "value_italic", "small")


def _make_fonts() -> dict[str, QFont]:
    """Canvas fonts in pixels, not points: text is part of the drawing's geometry, so it must
    scale with the scene exactly, whatever the screen's or the image's DPI."""
    base = QGuiApplication.font() if QGuiApplication.instance() else QFont()
    family = base.family()

    def make(px: int, weight: QFont.Weight = QFont.Weight.Normal, italic: bool = False):
        f = QFont(family)
        f.setPixelSize(px)
        f.setWeight(weight)
        f.setItalic(italic)
        f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        f.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        return f

    return {
        "label": make(13, QFont.Weight.DemiBold),
        "symbol": make(12, QFont.Weight.Bold),
        # a card's numbers and row names: 11 px or more on screen at the zoom that fits the
        # examples in a 1280x800 window (about 0.92)
        "value": make(12),
        "value_bold": make(12, QFont.Weight.Bold),
        "value_italic": make(12, QFont.Weight.Normal, italic=True),
        "small": make(12),
        "edge": make(11),
        "edge_bold": make(11, QFont.Weight.Bold),
        "overlay": make(12, QFont.Weight.DemiBold),
    }


def light_theme() -> Theme:
    return Theme(
        name="light",
        dark=False,
        background=_c("#f3f4f6"),
        grid_minor=_c("#e7e9ed"),
        grid_major=_c("#d9dce2"),
        node_fill=_c("#ffffff"),
        node_body=_c("#ffffff"),
        node_border=_c("#c7ccd4"),
        node_shadow=_c("#000000", 26),
        node_hover=_c("#8b95a5"),
        text=_c("#1f2328"),
        text_dim=_c("#6b7280"),
        value_text=_c("#111827"),
        grad_text=_c("#c2410c"),
        grad_partial=_c("#b7791f"),
        categories={
            "source": _c("#2f6fde"),
            "parameter": _c("#d97706"),
            "arithmetic": _c("#0f9488"),
            "activation": _c("#7c4ddb"),
            "loss": _c("#dc3545"),
        },
        port_fill=_c("#ffffff"),
        port_border=_c("#7b8494"),
        port_ok=_c("#16a34a"),
        port_bad=_c("#dc2626"),
        edge=_c("#9aa3b0"),
        edge_hover=_c("#5f6b7a"),
        edge_fixed_label=_c("#8a93a0"),
        label_fill=_c("#ffffff"),
        label_border=_c("#c7ccd4"),
        trainable=_c("#d97706"),
        trainable_fill=_c("#fff4e0"),
        accent=_c("#2563eb"),
        accent_soft=_c("#2563eb", 48),
        error=_c("#dc2626"),
        error_soft=_c("#dc2626", 40),
        forward_current=_c("#2563eb"),
        backward_edge=_c("#ea580c"),
        backward_visited=_c("#f0a872"),
        upstream_node=_c("#16a34a"),
        receiving_node=_c("#ea580c"),
        overlay_box_fill=_c("#fffaf3"),
        overlay_box_text=_c("#1f2328"),
    )


def dark_theme() -> Theme:
    return Theme(
        name="dark",
        dark=True,
        background=_c("#1d1f23"),
        grid_minor=_c("#25282d"),
        grid_major=_c("#2f3339"),
        node_fill=_c("#2c2f35"),
        node_body=_c("#2c2f35"),
        node_border=_c("#454a53"),
        node_shadow=_c("#000000", 90),
        node_hover=_c("#7d8796"),
        text=_c("#e8eaed"),
        text_dim=_c("#9aa1ab"),
        value_text=_c("#f1f3f5"),
        grad_text=_c("#ff9f5a"),
        grad_partial=_c("#c9a26b"),
        categories={
            "source": _c("#5b95f5"),
            "parameter": _c("#f0a63a"),
            "arithmetic": _c("#2cb5a6"),
            "activation": _c("#9d7bf0"),
            "loss": _c("#f06570"),
        },
        port_fill=_c("#2c2f35"),
        port_border=_c("#a3abb7"),
        port_ok=_c("#4ade80"),
        port_bad=_c("#f87171"),
        edge=_c("#6f7783"),
        edge_hover=_c("#b3bac5"),
        edge_fixed_label=_c("#8a929e"),
        label_fill=_c("#26292e"),
        label_border=_c("#4a4f58"),
        trainable=_c("#f0a63a"),
        trainable_fill=_c("#3a2f1f"),
        accent=_c("#5b9bff"),
        accent_soft=_c("#5b9bff", 60),
        error=_c("#f87171"),
        error_soft=_c("#f87171", 50),
        forward_current=_c("#5b9bff"),
        backward_edge=_c("#ff8a3d"),
        backward_visited=_c("#9a6a48"),
        upstream_node=_c("#4ade80"),
        receiving_node=_c("#ff8a3d"),
        overlay_box_fill=_c("#2d2620"),
        overlay_box_text=_c("#f5f0ea"),
    )


def system_is_dark() -> bool:
    """True when the desktop asks for a dark appearance."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightnessF() < 0.5


def system_theme() -> Theme:
    """The light or dark theme, whichever the system uses."""
    return dark_theme() if system_is_dark() else light_theme()


def theme_by_name(name: str) -> Theme:
    """'light', 'dark' or 'system'."""
    if name == "dark":
        return dark_theme()
    if name == "light":
        return light_theme()
    return system_theme()
