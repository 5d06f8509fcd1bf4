// Builds kg/serve/static/vendor/ from the locked npm packages: `npm ci && npm run build`.
// The output is committed, so installing the Python package needs no node.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const out = new URL("../kg/serve/static/vendor/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });

// YASGUI ships its own minified build (webpack); we copy it unchanged.
const yasgui = "node_modules/@triply/yasgui/build/";
copyFileSync(yasgui + "yasgui.min.js", out + "yasgui.min.js");
copyFileSync(yasgui + "yasgui.min.css", out + "yasgui.min.css");

await build({
  entryPoints: ["src/vis.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2019",
  legalComments: "none",
  outfile: out + "vis.min.js",
});
await build({
  entryPoints: ["src/vis.css"],
  bundle: true,
  minify: true,
  loader: { ".png": "dataurl", ".svg": "dataurl" },
  outfile: out + "vis.min.css",
});

const pkgs = ["@triply/yasgui", "vis-timeline", "vis-network", "vis-data"];
const lines = pkgs.map((name) => {
  const p = JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8"));
  return `${name} ${p.version} (${p.license})`;
});
writeFileSync(
  out + "VERSIONS.txt",
  "Built by web/build.mjs from the npm registry (package-lock.json):\n" + lines.join("\n") + "\n",
);
