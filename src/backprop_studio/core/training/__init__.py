"""Training: the trainer, optimizers, settings, run history, closed form."""
