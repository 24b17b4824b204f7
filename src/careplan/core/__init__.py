"""The pure core: values and rules. Standard library and core/ only; no I/O, no clock."""
