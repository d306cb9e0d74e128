"""The training studio: controls, worker, loss plot, landscape, data table."""
