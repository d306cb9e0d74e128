"""Data shipped with Backprop Studio: example graphs and icons (no code)."""
