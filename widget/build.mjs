// Builds the chat widget into one file, web/dist/wegwijzer-chat.js (CSS
// included), plus the licence texts of the npm packages bundled into it.
// Run by scripts/web_setup.sh (npm run build does the same).
import { bundleWithLicences } from "../scripts/bundle.mjs";

await bundleWithLicences({
  entry: "widget/src/index.js",
  outfile: "web/dist/wegwijzer-chat.js",
  licencesFile: "web/dist/wegwijzer-chat.licenses.txt",
  banner: "/*! Wegwijzer Jeugdbescherming chat widget. Third-party licences: wegwijzer-chat.licenses.txt */",
  loader: { ".css": "text" },
});
