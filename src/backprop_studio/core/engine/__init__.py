"""The engine: compiled plans, the fast paths, the trace, the gradient check."""
