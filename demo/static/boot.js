// Starts a page's Python on the runtime named by ?runtime=py|mpy (default mpy: it boots
// in half a second), with every file served by this origin: no CDN.
//
//   import { boot } from "/demo/boot.js";
//   boot("/demo/main.py");
//
// When the script has run, <html data-python-ready="py|mpy"> is set, which is what the
// tests wait for.

const INTERPRETERS = {
  py: "/vendor/pyodide/pyodide.mjs",
  mpy: "/vendor/micropython/micropython.mjs",
};

export function runtimeFromUrl() {
  const asked = new URLSearchParams(location.search).get("runtime");
  return asked in INTERPRETERS ? asked : "mpy";
}

export async function boot(
  src,
  { archives = ["/dist/pwid_connect.whl"], pyodideArchives = [], runtime } = {},
) {
  const type = runtime || runtimeFromUrl();
  const files = {};
  for (const archive of archives) files[archive] = "./*";
  if (type === "py") for (const archive of pyodideArchives) files[archive] = "./*";
  const script = document.createElement("script");
  script.type = type;
  script.src = src;
  script.setAttribute("config", JSON.stringify({ interpreter: INTERPRETERS[type], files }));
  script.addEventListener(`${type}:done`, () => {
    document.documentElement.dataset.pythonReady = type;
  });
  document.documentElement.dataset.runtime = type;
  document.body.append(script);
  await import("/vendor/pyscript/dist/core.js");
}
