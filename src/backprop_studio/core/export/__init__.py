"""Exports for those who outgrow the app: a PyTorch training script, the derivation as text."""
