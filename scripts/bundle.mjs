// One esbuild bundle for the browser, with the licence texts of the npm packages
// bundled into it beside it. Used by widget/build.mjs (the chat widget) and
// scripts/build_desk.mjs (the desk's insight page).
import { build } from "esbuild";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export async function bundleWithLicences({ entry, outfile, licencesFile, banner, loader = {} }) {
  await mkdir(path.dirname(outfile), { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: ["es2020"],
    loader,
    legalComments: "none",
    metafile: true,
    banner: { js: banner },
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
  await writeFile(licencesFile, notices.join("\n" + "-".repeat(72) + "\n\n"));

  const size = (await readFile(outfile)).length;
  console.log(`==> ${outfile}: ${(size / 1024).toFixed(1)} KiB (${[...packages].sort().join(", ")})`);
}
