"""careplan: a kind, private self-care planner for people living with emotional numbness."""

__version__ = "0.1.0"
