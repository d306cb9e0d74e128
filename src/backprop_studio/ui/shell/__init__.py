"""The window shell: main window, actions, themes, app start."""
