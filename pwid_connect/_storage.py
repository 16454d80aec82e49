"""Key-value storage: the interface, an in-memory one, and a wrapper that never fails.

A storage is any object with ``get(key) -> str | None``, ``set(key, value)`` and
``remove(key)``; the browser edge wraps ``sessionStorage``/``localStorage`` in one.
Those throw in private modes, sandboxed iframes or when full, so the library holds
them through :class:`SafeStorage`::

    store = SafeStorage(BrowserStorage(js.sessionStorage))
    store.set("k", "v")      # falls back to memory, for good, if the browser refuses
"""


class MemoryStorage:
    """Storage in a dict: for ``storage="memory"``, tests, and as the fallback."""

    __slots__ = ("_data",)

    def __init__(self) -> None:
        self._data = {}

    def get(self, key: str) -> "str | None":
        return self._data.get(key)

    def set(self, key: str, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("storage values are strings")
        self._data[key] = value

    def remove(self, key: str) -> None:
        self._data.pop(key, None)

    def clear(self) -> None:
        self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


class SafeStorage:
    """Delegates to ``primary`` until it raises once, then uses memory for good.

    Nothing is copied on the switch (the primary can no longer be trusted) and
    nothing is logged; ``degraded`` tells the caller it happened. Only a non-str
    value (a programming error) raises. ``get`` turns anything that is not a str,
    such as Pyodide's ``jsnull``, into None.
    """

    __slots__ = ("_memory", "_primary")

    def __init__(self, primary: object) -> None:
        self._primary = primary
        self._memory = None

    @property
    def degraded(self) -> bool:
        return self._memory is not None

    def _fallback(self) -> MemoryStorage:
        if self._memory is None:
            self._memory = MemoryStorage()
            self._primary = None
        return self._memory

    def get(self, key: str) -> "str | None":
        if self._memory is None:
            try:
                value = self._primary.get(key)
                return value if isinstance(value, str) else None
            except Exception:
                pass
        return self._fallback().get(key)

    def set(self, key: str, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("storage values are strings")
        if self._memory is None:
            try:
                self._primary.set(key, value)
                return
            except Exception:
                pass
        self._fallback().set(key, value)

    def remove(self, key: str) -> None:
        if self._memory is None:
            try:
                self._primary.remove(key)
                return
            except Exception:
                pass
        self._fallback().remove(key)
