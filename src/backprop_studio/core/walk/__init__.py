"""The step-through: forward and backward one step at a time, paths, texts."""
