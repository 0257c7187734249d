// The insight page's charts (desk/inzicht.html), each drawn from the table under
// it: the same figures, suppressed by the server already. A count shown as "<5"
// is a striped block from 0 to 4, the same for every small count, so the chart
// tells no more than the table; an unknown value ("-", also a share of a small
// count) is not drawn at all: a gap. Bundled with Chart.js by scripts/build_desk.mjs.
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement,
  Tooltip,
} from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement,
  PointElement, Tooltip);
Chart.defaults.color = "#1a1a1a";
Chart.defaults.font.family = "system-ui, sans-serif";

const SMALL = "klein"; // a cell "<5"
const SMALL_BLOCK = [0, 4]; // what "<5" can be
const COLOURS = ["#1d4e89", "#a34700", "#2e6b30", "#7b2d8e"]; // each at least 4.5:1 on white
const LEGEND_SMALL = "gestreept: minder dan 5";
const LEGEND_GAP = "niets getekend: onbekend";

// The table's figures: the series (column headings), the days, and per series
// a number, SMALL or null (unknown) per day, with the text shown in the cell.
function readTable(table) {
  const series = Array.from(table.tHead.rows[0].cells).slice(1).map((cell) => cell.textContent);
  const days = [];
  const values = series.map(() => []);
  const shown = series.map(() => []);
  for (const row of table.tBodies[0].rows) {
    days.push(row.cells[0].textContent);
    Array.from(row.cells).slice(1).forEach((cell, i) => {
      const small = cell.classList.contains(SMALL);
      values[i].push(small ? SMALL : cell.dataset.waarde !== undefined ? Number(cell.dataset.waarde) : null);
      shown[i].push(cell.textContent);
    });
  }
  return { series, days, values, shown };
}

function stripes(colour) {
  const tile = document.createElement("canvas");
  tile.width = tile.height = 8;
  const context = tile.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, 8, 8);
  context.strokeStyle = colour;
  context.lineWidth = 2;
  context.beginPath();
  context.moveTo(0, 8); context.lineTo(8, 0);
  context.moveTo(-2, 2); context.lineTo(2, -2);
  context.moveTo(6, 10); context.lineTo(10, 6);
  context.stroke();
  return context.createPattern(tile, "repeat");
}

function dataset(kind, label, values, shown, index) {
  const colour = COLOURS[index % COLOURS.length];
  if (kind === "line") {
    // A share is never SMALL (the report leaves it out): null is a gap in the line.
    return { label, shown, data: values.map((v) => (v === SMALL ? null : v)), borderColor: colour,
      backgroundColor: colour, spanGaps: false, pointRadius: 3 };
  }
  const pattern = stripes(colour);
  return {
    label, shown,
    data: values.map((v) => (v === SMALL ? SMALL_BLOCK : v)),
    backgroundColor: values.map((v) => (v === SMALL ? pattern : colour)),
    borderColor: colour, borderWidth: 1,
  };
}

function draw(section) {
  const table = section.querySelector("table");
  const canvas = section.querySelector("canvas");
  if (!table || !canvas) return;
  const kind = section.dataset.soort === "line" ? "line" : "bar";
  const { series, days, values, shown } = readTable(table);
  const hasSmall = values.some((list) => list.includes(SMALL));
  const hasGap = values.some((list) => list.includes(null));
  const defaults = Chart.defaults.plugins.legend;
  new Chart(canvas, {
    type: kind,
    data: { labels: days, datasets: series.map((label, i) => dataset(kind, label, values[i], shown[i], i)) },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: {
        // Up to 10 at least: a striped block then reads as "under the line of 5".
        y: { beginAtZero: true, suggestedMax: 10, ticks: { precision: 0 },
          title: { display: true, text: kind === "line" ? "procent" : "aantal" } },
        x: { ticks: { maxRotation: 60, autoSkip: true } },
      },
      plugins: {
        legend: {
          labels: {
            generateLabels(chart) {
              // A series' own colour, not the stripes of its first day.
              const items = defaults.labels.generateLabels(chart).map((item) =>
                Object.assign(item, { fillStyle: chart.data.datasets[item.datasetIndex].borderColor }));
              if (hasSmall) items.push({ text: LEGEND_SMALL, fillStyle: stripes("#555555"), strokeStyle: "#555555", lineWidth: 1 });
              if (hasGap) items.push({ text: LEGEND_GAP, fillStyle: "#ffffff", strokeStyle: "#555555", lineWidth: 1, lineDash: [3, 3] });
              return items;
            },
          },
          // Only a series can be switched off; the explanations are no series.
          onClick(event, item, legend) {
            if (item.datasetIndex !== undefined) defaults.onClick.call(this, event, item, legend);
          },
        },
        // The tooltip says what the table says: "<5", never the block's height.
        tooltip: { callbacks: { label: (context) => context.dataset.label + ": " + context.dataset.shown[context.dataIndex] } },
      },
    },
  });
  canvas.parentElement.hidden = false;
  canvas.dataset.getekend = "ja";
  const details = table.closest("details");
  if (details) details.open = false; // the chart is there; the table one click away
}

document.querySelectorAll("section.grafiek").forEach(draw);
