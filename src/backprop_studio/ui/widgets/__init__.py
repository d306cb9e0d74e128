"""Small Qt building blocks shared by the panels (Qt only: no document, no graph)."""
