"""The lesson format (format.py), its Markdown subset (markup.py) and the shipped lessons
(catalog.py). Qt-free."""
