"""Portable tests of the pure core: the same functions run on CPython, Pyodide and MicroPython."""
