/**
 * The dashboard page: a shell the client script (`dashboard-client.js`) fills from the JSON
 * endpoints. Plain HTML, no build step; uPlot draws the charts.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clickstream dashboard</title>
<link rel="stylesheet" href="/dashboard/assets/uplot.css">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
  header { display: flex; gap: 1rem; align-items: center; padding: .75rem 1.25rem; background: #1d2330; color: #fff; }
  header h1 { font-size: 1.1rem; margin: 0 auto 0 0; }
  header input, header button { font: inherit; }
  main { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 1rem; padding: 1rem; }
  section { background: #fff; border-radius: 8px; padding: .75rem 1rem; box-shadow: 0 1px 2px #0001; overflow: auto; }
  h2 { font-size: 1rem; margin: 0 0 .5rem; }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { text-align: right; padding: 2px 6px; border-bottom: 1px solid #eee; white-space: nowrap; }
  th:first-child, td:first-child { text-align: left; }
  .good { color: #0a7d32; } .needs-improvement { color: #b26a00; } .poor { color: #c21f1f; }
  #live { font-family: ui-monospace, monospace; font-size: 12px; max-height: 260px; overflow: auto; margin: 0; padding: 0; list-style: none; }
  .muted { color: #6b7280; }
</style>
</head>
<body>
<header>
  <h1>Clickstream</h1>
  <label>from <input type="date" id="from"></label>
  <label>to <input type="date" id="to"></label>
  <button id="apply">Apply</button>
  <span id="status" class="muted"></span>
</header>
<main>
  <section><h2>Daily active users</h2><div id="dau-chart" data-testid="dau-chart"></div></section>
  <section><h2>Shop funnel (within a session)</h2><div id="funnel-chart" data-testid="funnel-chart"></div><table id="funnel"></table></section>
  <section><h2>Weekly retention by first day</h2><table id="retention"></table></section>
  <section><h2>Revenue per day</h2><div id="revenue-chart" data-testid="revenue-chart"></div></section>
  <section><h2>Top pages</h2><table id="top-pages"></table></section>
  <section><h2>Web Vitals p75 <span class="muted">(<span class="good">good</span> / <span class="needs-improvement">needs improvement</span> / <span class="poor">poor</span>)</span></h2><table id="web-vitals"></table></section>
  <section><h2>Rejected events by reason</h2><table id="rejected"></table></section>
  <section><h2>Live events</h2><ul id="live" data-testid="live"></ul></section>
</main>
<script src="/dashboard/assets/uplot.js"></script>
<script src="/dashboard/assets/dashboard.js"></script>
</body>
</html>
`;
