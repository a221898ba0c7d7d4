// Real Pyodide under Node.js, loading packages the way xlwings' open-source Wasm loader does
// (xlwings-server, xlwings_server/static/js/wasm.js: loadPackage("micropip"), then ONE
// micropip.install(<every non-blank line of requirements.txt>, {keep_going: true})), then
// running a Python check file. Used by tests/excel/test_excel_pyodide.py.
//
//   node run_lite.mjs JOB.json   -> one JSON object on stdout
//
// JOB: {packageCacheDir, lockFile, requirements: [...], handled: [...], checks: "path.py", job: {...}}
// Pyodide's CDN is unreachable here, so packageCacheDir holds the pure-Python packages Pyodide
// hosts (taken from PyPI at the lock's versions, their sha256 swapped into lockFile); compiled
// ones (numpy, pandas) are simply not there and fail to load, as the log then shows.
//
// globalThis.xlwings.runActions stands in for the Office.js client that applies a script's
// actions (what Book.flush() calls): it records each batch and, like xlwings' open-source
// client (runActions in static/js/custom-scripts/index.js), throws at the first action whose
// func it has no handler for. It does not model Excel itself.
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const log = [];
const started = Date.now();
const pyodide = await loadPyodide({
  packageCacheDir: job.packageCacheDir,
  lockFileContents: JSON.parse(readFileSync(job.lockFile, "utf8")),
  stdout: (line) => log.push(line),
  stderr: (line) => log.push(line),
});

const handled = new Set(job.handled);
const batches = [];
globalThis.xlwings = {
  runActions: async (data) => {
    const actions = JSON.parse(JSON.stringify(Array.from(data.actions)));
    const funcs = actions.map((a) => a.func);
    const batch = { funcs, applied: [], actions };
    batches.push(batch);
    for (const func of funcs) {
      if (!handled.has(func)) {
        batch.failed = func;
        throw new TypeError(`globalThis.callbacks[action.func] is not a function (${func})`);
      }
      batch.applied.push(func);
    }
  },
};

await pyodide.loadPackage("micropip");
const micropip = pyodide.pyimport("micropip");
let installError = null;
const installStarted = Date.now();
try {
  await micropip.install(job.requirements, { keep_going: true });
} catch (err) {
  installError = String(err);
}
const installSeconds = (Date.now() - installStarted) / 1000;

pyodide.globals.set("JOB_JSON", JSON.stringify(job.job));
let result = null;
let checksError = null;
try {
  await pyodide.runPythonAsync(readFileSync(job.checks, "utf8"));
  result = JSON.parse(pyodide.globals.get("RESULT"));
} catch (err) {
  checksError = String(err);
}
console.log(
  JSON.stringify({
    log,
    installError,
    installSeconds,
    result,
    checksError,
    batches,
    seconds: (Date.now() - started) / 1000,
  }),
);
