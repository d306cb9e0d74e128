"""Desktop integration: menu entry, icon and file type (Qt-free)."""
