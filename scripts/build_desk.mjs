// Builds the advisor desk's insight page script (wegwijzer/handoff/desk/src/inzicht.js,
// with Chart.js) into one file, build/desk/inzicht.js, plus the licence texts of the
// npm packages bundled into it. The desk serves both at /desk/dist/ (insight_views.py);
// nothing is loaded from elsewhere at run time. Run by scripts/web_setup.sh.
import { bundleWithLicences } from "./bundle.mjs";

await bundleWithLicences({
  entry: "wegwijzer/handoff/desk/src/inzicht.js",
  outfile: "build/desk/inzicht.js",
  licencesFile: "build/desk/inzicht.licenses.txt",
  banner: "/*! Wegwijzer advisor desk, insight page. Third-party licences: /desk/dist/inzicht.licenses.txt */",
});
