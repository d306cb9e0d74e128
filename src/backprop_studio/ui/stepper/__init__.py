"""The chain-rule stepper and its panel."""
