// Designer speed benchmark (issue 11): opens a generated 500-activity flowchart in headless Chromium and measures the
// time to interactive, then drags a node and measures frames. A 10-activity flowchart opened in the same run is the
// baseline (this machine's speed wanders, so the ratio says more than the absolute numbers).
// Run it through tests/bench-designer.sh, which builds and starts a server; directly: node scripts/bench-designer.mjs <url> <password>
import { chromium } from 'playwright-core';

const [baseUrl, password, roundsArg] = process.argv.slice(2);
if (!baseUrl || !password) {
  console.error('usage: node scripts/bench-designer.mjs <server url> <demo password> [rounds]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 5);

/** A flowchart of n activities in a chain with a decision every tenth step (both branches rejoin), positioned as the designer stores them. */
function generate(n, id) {
  const activities = [{ id: 'start', type: 'Elsa.Start', version: 1, metadata: { designer: { position: { x: 0, y: 0 } } } }];
  const connections = [];
  let previous = { activity: 'start', port: 'Done' };
  for (let i = 1; i < n; i++) {
    const decision = i % 10 === 0;
    const activity = decision
      ? { id: `a${i}`, type: 'Elsa.FlowDecision', version: 1, condition: { typeName: 'Boolean', expression: { type: 'JavaScript', value: `variables.x > ${i}` } } }
      : { id: `a${i}`, type: 'Elsa.WriteLine', version: 1, text: { typeName: 'String', expression: { type: 'Literal', value: `Step ${i}` } } };
    activity.metadata = { designer: { position: { x: (i % 25) * 260, y: Math.floor(i / 25) * 160 } } };
    activities.push(activity);
    connections.push({ source: previous, target: { activity: activity.id, port: 'In' }, vertices: [] });
    if (decision) {
      connections.push({ source: { activity: activity.id, port: 'False' }, target: { activity: `a${i + 1 < n ? i + 1 : i}`, port: 'In' }, vertices: [] });
      previous = { activity: activity.id, port: 'True' };
    } else {
      previous = { activity: activity.id, port: 'Done' };
    }
  }
  return { definitionId: id, name: `Benchmark ${n}`, version: 1, root: { id: 'flow', type: 'Elsa.Flowchart', version: 1, activities, connections }, variables: [{ name: 'x', typeName: 'Int32', value: 0 }] };
}

async function save(request, definition) {
  const response = await request.post('/api/workflow-definitions', { data: definition, headers: { 'Content-Type': 'application/json' } });
  if (!response.ok()) throw new Error(`saving ${definition.definitionId}: ${response.status()} ${await response.text()}`);
}

/** Milliseconds from navigation to a canvas showing its nodes with the main thread free again (two frames and a task later). */
async function open(page, definitionId) {
  await page.goto('about:blank');
  await page.goto(`/definitions/${definitionId}`);
  await page.waitForSelector('[data-testid=activity-node]');
  return page.evaluate(() => new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));
  }));
}

/** Drags a node 300 px in 60 mouse moves; frames counted by requestAnimationFrame while the drag lasts. */
async function drag(page) {
  // The first node on screen (at zoom-to-fit most of 500 are off screen and not rendered).
  let box = null;
  for (const node of await page.locator('[data-testid=activity-node]').all()) {
    box = await node.boundingBox();
    if (box && box.x > 0 && box.y > 0 && box.x + box.width < 1200 && box.y + box.height < 850) break;
    box = null;
  }
  if (!box) throw new Error('no activity node is visible on the canvas');
  await page.evaluate(() => {
    window.__frames = [];
    const tick = (t) => { window.__frames.push(t); if (window.__dragging) requestAnimationFrame(tick); };
    window.__dragging = true;
    requestAnimationFrame(tick);
  });
  await page.mouse.move(box.x + box.width / 2, box.y + 10);
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) await page.mouse.move(box.x + box.width / 2 + i * 5, box.y + 10 + i * 2);
  await page.mouse.up();
  const frames = await page.evaluate(() => { window.__dragging = false; return window.__frames; });
  const gaps = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  const seconds = (frames.at(-1) - frames[0]) / 1000;
  return { fps: (frames.length - 1) / seconds, p95: gaps[Math.floor(gaps.length * 0.95)] ?? 0 };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const login = await context.request.post('/api/auth/login', { data: { username: 'owner', password }, headers: { 'Content-Type': 'application/json' } });
  if (!login.ok()) throw new Error(`sign-in failed: ${login.status()}`);
  await save(context.request, generate(500, 'bench-500'));
  await save(context.request, generate(10, 'bench-10'));

  // One warm-up open of each (the browser's cache and the server's JIT), then interleaved rounds.
  await open(page, 'bench-10');
  await open(page, 'bench-500');
  const small = [];
  const large = [];
  const drags = [];
  for (let round = 0; round < rounds; round++) {
    small.push(await open(page, 'bench-10'));
    large.push(await open(page, 'bench-500'));
    drags.push(await drag(page));
  }
  const nodes = await page.locator('[data-testid=activity-node]').count();
  const fps = median(drags.map((d) => d.fps));
  const open500 = median(large);
  console.log(`designer benchmark: ${rounds} rounds, Chromium headless, 1440x900`);
  console.log(`open 10 activities:  median ${median(small).toFixed(0)} ms to interactive (runs: ${small.map((v) => v.toFixed(0)).join(', ')})`);
  console.log(`open 500 activities: median ${open500.toFixed(0)} ms to interactive (runs: ${large.map((v) => v.toFixed(0)).join(', ')}), ${nodes} nodes rendered in the viewport`);
  console.log(`ratio 500 / 10: ${(open500 / median(small)).toFixed(2)}`);
  console.log(`drag on 500: median ${fps.toFixed(1)} frames/s, p95 frame ${median(drags.map((d) => d.p95)).toFixed(1)} ms (runs: ${drags.map((d) => d.fps.toFixed(0)).join(', ')})`);
  console.log(`targets: open <= 1000 ms ${open500 <= 1000 ? 'met' : 'MISSED'}; drag >= 30 frames/s ${fps >= 30 ? 'met' : 'MISSED'}`);
} finally {
  await browser.close();
}
