# Runs every test_* function of tests/core in this runtime and publishes the outcome
# per test as JSON in window.pwidCoreResults ({"module.test": "pass" | "fail: ..."}).
import json
import os

import js

results = {}
for filename in sorted(os.listdir("tests/core")):
    if not (filename.startswith("test_") and filename.endswith(".py")):
        continue
    name = filename[:-3]
    try:
        module = __import__("tests.core." + name, None, None, [name])
    except Exception as exc:  # an import failure is every test of the module failing
        results[name + ".*"] = "fail: import: " + repr(exc)
        continue
    for attr in sorted(dir(module)):
        test = getattr(module, attr)
        if not (attr.startswith("test_") and callable(test)):
            continue
        try:
            test()
            results[name + "." + attr] = "pass"
        except Exception as exc:
            results[name + "." + attr] = "fail: " + repr(exc)

text = json.dumps(results)
js.window.pwidCoreResults = text
js.document.getElementById("results").textContent = text
