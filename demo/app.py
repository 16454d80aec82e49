"""The app origin of the dev server: pages, the library, and the vendored runtimes.

Everything a page loads comes from this checkout: the runtimes from ``node_modules``
(installed by ``npm ci``), the library as a wheel built from the source tree on each
request, so an edit shows up on the next reload.

    app = create_app(provider_issuer="http://127.0.0.1:8001")
"""

import importlib.util
import io
import mimetypes
import zipfile
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"

# Runtimes are served under stable paths so pages never name an npm layout.
VENDOR = {
    "pyodide": NODE_MODULES / "pyodide",
    "pyscript": NODE_MODULES / "@pyscript" / "core",
    "micropython": NODE_MODULES / "@micropython" / "micropython-webassembly-pyscript",
}

# Archives a page can unpack with PyScript's `files` config ("./*") or pyodide.unpackArchive.
# The library's wheel holds only the package; `tests-core` also carries the portable tests.
ARCHIVES = {
    "pwid_connect.whl": lambda: ["pwid_connect"],
    "tests-core.zip": lambda: ["pwid_connect", "tests/__init__.py", "tests/core"],
    # The demo's Pyodide pages call the app's API with urllib.request, patched by it.
    "pyodide_http.whl": lambda: [_installed("pyodide_http")],
}

for _ext, _type in {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".py": "text/x-python",
    ".json": "application/json",
}.items():
    mimetypes.add_type(_type, _ext)


def _installed(package: str) -> str:
    """The folder of a package installed in this venv (found, not imported)."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise LookupError(f"{package} is not installed; run make setup")
    return str(Path(spec.origin).parent)


def build_archive(entries: list[str]) -> bytes:
    """Zip the named files and packages (``.py`` and ``py.typed`` only) from the checkout.

    An entry is a path relative to the checkout, or an absolute folder whose name
    becomes the package's name in the archive.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            path = ROOT / entry
            # ROOT / "tests/core" is absolute too: only an entry given absolute is a package.
            base = path.parent if Path(entry).is_absolute() else ROOT
            files = [path] if path.is_file() else sorted(path.rglob("*"))
            for file in files:
                if file.is_file() and (file.suffix == ".py" or file.name == "py.typed"):
                    archive.write(file, file.relative_to(base).as_posix())
    return buffer.getvalue()


class NoCacheStaticFiles(StaticFiles):
    """Static files that the browser revalidates on every load (ETag), so reloads see edits."""

    def file_response(self, *args, **kwargs) -> Response:  # type: ignore[override]
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "no-cache"
        return response


async def archive(request) -> Response:
    name = request.path_params["name"]
    if name not in ARCHIVES:
        return Response("not found", status_code=404)
    return Response(
        build_archive(ARCHIVES[name]()),
        media_type="application/zip",
        headers={"Cache-Control": "no-store"},
    )


def create_app(provider_issuer: str, extra_routes: list | None = None) -> Starlette:
    """The app origin: ``/`` is index.html; the demo's settings are at ``/config.json``."""

    async def index(request) -> Response:
        return FileResponse(ROOT / "index.html", headers={"Cache-Control": "no-cache"})

    async def callback(request) -> Response:
        # The library's own callback page, where popups and the silent iframe land.
        return FileResponse(
            ROOT / "pwid_connect" / "callback.html", headers={"Cache-Control": "no-cache"}
        )

    async def favicon(request) -> Response:
        return Response(status_code=204)

    async def config(request) -> Response:
        return JSONResponse({"issuer": provider_issuer})

    routes = [
        Route("/", index),
        Route("/index.html", index),
        Route("/config.json", config),
        Route("/favicon.ico", favicon),
        Route("/callback.html", callback),
        Route("/dist/{name}", archive),
        Mount("/demo", NoCacheStaticFiles(directory=ROOT / "demo" / "static"), name="demo"),
        Mount("/tests/pages", NoCacheStaticFiles(directory=ROOT / "tests" / "pages"), name="pages"),
        Mount("/benchmarks/pages", NoCacheStaticFiles(directory=ROOT / "benchmarks" / "pages")),
        *[
            Mount(f"/vendor/{name}", NoCacheStaticFiles(directory=path, check_dir=False))
            for name, path in VENDOR.items()
        ],
        *(extra_routes or []),
    ]
    return Starlette(routes=routes)
