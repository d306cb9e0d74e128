"""Dock panels of the main window: the op palette, the inspector, and the panels that the
stepper and the training studio install through ``main_window.PANEL_INSTALLERS``."""
