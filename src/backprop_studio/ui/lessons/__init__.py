"""The lesson player: Help ▸ Lessons (panel.py, player.py), its spotlights (spotlight.py) and
the tasks a step waits for (tasks.py)."""
