"""CPython-only tests of the pure core: hypothesis properties and source checks."""
