"""The document: graph, undo commands, clipboard, files, autosave."""
