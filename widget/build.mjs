// Builds the chat widget into one file, web/dist/wegwijzer-chat.js (CSS
// included), plus the licence texts of the npm packages bundled into it.
// Run by scripts/web_setup.sh (npm run build does the same).
import { build } from "esbuild";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const outfile = "web/dist/wegwijzer-chat.js";
await mkdir(path.dirname(outfile), { recursive: true });

const result = await build({
  entryPoints: ["widget/src/index.js"],
  outfile,
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: ["es2020"],
  loader: { ".css": "text" },
  legalComments: "none",
  metafile: true,
  banner: { js: "/*! Wegwijzer Jeugdbescherming chat widget. Third-party licences: wegwijzer-chat.licenses.txt */" },
  logLevel: "warning",
});

// MIT and similar licences ask that their notices travel with the code.
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) packages.add(match[1]);
}
const notices = [];
for (const name of [...packages].sort()) {
  const dir = path.join("node_modules", name);
  const meta = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
  let text = "";
  for (const file of ["LICENSE", "LICENSE.md", "LICENSE.txt", "license"]) {
    try {
      text = await readFile(path.join(dir, file), "utf8");
      break;
    } catch {
      // try the next name
    }
  }
  notices.push(`${name} ${meta.version} (${meta.license})\n\n${text.trim() || meta.license}\n`);
}
await writeFile("web/dist/wegwijzer-chat.licenses.txt", notices.join("\n" + "-".repeat(72) + "\n\n"));

const size = (await readFile(outfile)).length;
console.log(`==> ${outfile}: ${(size / 1024).toFixed(1)} KiB (${[...packages].sort().join(", ")})`);
