"""The demo page's Python: the same code on Pyodide and MicroPython."""

import sys

import js

import pwid_connect as pwid

runtime = "micropython" if sys.implementation.name == "micropython" else "pyodide"
js.document.getElementById("version").textContent = pwid.__version__
js.document.getElementById("runtime").textContent = runtime
js.document.getElementById("status").textContent = "Signed out"
