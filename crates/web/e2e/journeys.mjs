// Browser journeys of Uppsikt in headless Debian Chromium (playwright-core,
// no downloaded browser), with axe-core accessibility checks.
// Run by crates/web/tests/browser.rs, which starts the server and passes:
//   BASE_URL, SURVEY_TOKEN, SURVEY_TOKEN_2, REGION_USER, ANALYST_USER, PASSWORD, SCREENSHOT_DIR
// Exits non-zero on the first failed expectation.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`missing environment variable ${k}`);
  return v;
};
const BASE = env('BASE_URL');
const TOKEN = env('SURVEY_TOKEN');
const TOKEN2 = env('SURVEY_TOKEN_2');
const REGION = env('REGION_USER');
const ANALYST = env('ANALYST_USER');
const PASSWORD = env('PASSWORD');
const SHOTS = env('SCREENSHOT_DIR');
const EXE = process.env.CHROMIUM || '/usr/bin/chromium';
mkdirSync(SHOTS, { recursive: true });

function expect(cond, message) {
  if (!cond) throw new Error(`expectation failed: ${message}`);
}
const step = (s) => console.log(`• ${s}`);

const browser = await chromium.launch({
  executablePath: EXE,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});

// Every page must work under the server's CSP: any violation fails the run.
const cspViolations = [];
async function strictContext(options = {}) {
  const ctx = await browser.newContext({ locale: 'sv-SE', ...options });
  ctx.on('page', (p) => watch(p));
  return ctx;
}
function watch(page) {
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => cspViolations.push(`${page.url()}: script error ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push({ type: d.type(), message: d.message() });
    d.accept();
  });
}
// Every dialog a journey met, in order: confirmations and unsaved-change warnings.
const dialogs = [];
const lastDialog = () => dialogs[dialogs.length - 1];

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function login(page, user) {
  await page.goto(`${BASE}/logga-in`);
  await page.fill('#username', user);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${BASE}/oversikt`), page.click('main button[type=submit]')]);
}

async function logout(page) {
  await Promise.all([page.waitForURL(/\/logga-in/), page.click('header form button[type=submit]')]);
}

const EDITOR = `${BASE}/redovisningar/god-och-nara-vard-2019/25`;
const state = (page) => page.textContent('#report-state');

async function addMeasure(page, title, cost) {
  await page.fill('#m-title', title);
  await page.selectOption('#m-area', 'tillganglighet');
  await page.selectOption('#m-status', 'pilot');
  await page.fill('#m-cost', cost);
  await page.fill('#m-period', '2019');
  await Promise.all([page.waitForLoadState('load'), page.click('#add-measure')]);
}

// 1. The public start page shows the map, also at phone width.
{
  const ctx = await strictContext();
  const page = await ctx.newPage();
  step('public start page with the map');
  await page.goto(`${BASE}/`);
  expect(await page.isVisible('#region-map'), 'the map is shown');
  expect((await page.locator('#region-map path[data-region]').count()) >= 21, 'a shape per region');
  await shot(page, '01-start');
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(`${BASE}/`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `no horizontal scrolling at phone width (overflow ${overflow}px)`);
  await shot(page, '02-start-phone');
  await ctx.close();
}

// 2. Keyboard only: skip link first, then sign in without a mouse.
{
  const ctx = await strictContext();
  const page = await ctx.newPage();
  step('keyboard-only sign-in');
  await page.goto(`${BASE}/logga-in`);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement.classList.contains('skip')), 'the skip link is focused first');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  expect(outline !== 'none', 'focus is visible');
  await page.focus('#username');
  await page.keyboard.type(ANALYST);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await Promise.all([page.waitForURL(`${BASE}/oversikt`), page.keyboard.press('Enter')]);
  await shot(page, '03-analyst-dashboard');
  await ctx.close();
}

// 3. A region writes, is told what is wrong, submits; the analyst returns it;
//    the region fixes and resubmits; the analyst approves.
{
  const ctx = await strictContext();
  const page = await ctx.newPage();
  step('region signs in and adds a measure with a bad amount');
  await login(page, REGION);
  await shot(page, '04-region-dashboard');
  await page.goto(EDITOR);
  await addMeasure(page, 'Digitala vårdbesök i glesbygd', 'mycket');
  expect(await page.isVisible('#measure-errors'), 'the measure form reports problems');
  expect(new URL(page.url()).pathname === new URL(EDITOR).pathname, `the address is the editor's (${page.url()})`);
  expect(await page.evaluate(() => document.activeElement.id === 'measure-errors'), 'the problems take focus');
  const problem = await page.textContent('label[for=m-cost] + .error, #m-cost-err');
  expect(/inget belopp/.test(problem || ''), `the amount's problem is shown next to it (${problem})`);
  expect((await page.getAttribute('#m-cost', 'aria-invalid')) === 'true', 'the field is marked invalid');
  await shot(page, '05-editor-validation');
  step('region fixes the amount and submits');
  await addMeasure(page, 'Digitala vårdbesök i glesbygd', '250 000');
  expect((await page.textContent('#measures')).includes('Digitala vårdbesök i glesbygd'), 'the measure is listed');
  step('typing an answer and leaving at once warns; unanswered questions are said before submitting');
  await page.fill('#q-organisation', 'Text som inte hunnit sparas');
  const before = dialogs.length;
  await page.goto(`${BASE}/oversikt`);
  expect(dialogs.length > before && lastDialog().type === 'beforeunload', 'leaving with unsaved text warns');
  await page.goto(EDITOR);
  step('answers are saved as they are typed');
  await page.fill('#q-decisions', 'Beslut i regionfullmäktige 2019.');
  await page.waitForFunction(() => /Sparat \d\d:\d\d/.test(document.querySelector('#autosave-status').textContent));
  const leaving = dialogs.length;
  await page.goto(EDITOR);
  expect(dialogs.length === leaving, 'nothing unsaved, no warning');
  expect((await page.inputValue('#q-decisions')) === 'Beslut i regionfullmäktige 2019.', 'the typed answer was stored');
  expect(await page.isVisible('#unanswered-warning'), 'the page says questions are unanswered');
  const asked = dialogs.length;
  await Promise.all([page.waitForLoadState('load'), page.click('#submit-report')]);
  expect(dialogs.length === asked + 1 && /saknar svar/.test(lastDialog().message), 'the confirmation repeats it');
  expect((await state(page)) === 'inlämnad', 'the report is submitted');
  await logout(page);

  step('analyst returns it with a comment');
  await login(page, ANALYST);
  await page.goto(EDITOR);
  await page.fill('#return-text', 'Ange målgruppen för insatsen.');
  await Promise.all([page.waitForLoadState('load'), page.click('#return-report')]);
  expect((await state(page)) === 'återsänd', 'the report is returned');
  await shot(page, '06-editor-returned');
  await logout(page);

  step('region reads the comment, fixes and resubmits');
  await login(page, REGION);
  await page.goto(EDITOR);
  expect((await page.textContent('#reviewer-comment')).includes('Ange målgruppen'), 'the comment is shown');
  await page.fill('#q-changes', 'Målgrupp: invånare i glesbygd med långa resvägar.');
  await Promise.all([page.waitForLoadState('load'), page.click('form[action$="/svar"] button')]);
  await Promise.all([page.waitForLoadState('load'), page.click('#submit-report')]);
  expect((await state(page)) === 'inlämnad', 'the report is submitted again');
  await logout(page);

  step('analyst approves');
  await login(page, ANALYST);
  await page.goto(EDITOR);
  await Promise.all([page.waitForLoadState('load'), page.click('#approve-report')]);
  expect((await state(page)) === 'godkänd', 'the report is approved');
  expect((await page.textContent('#audit')).includes('Godkänd'), 'the audit trail records the approval');
  await shot(page, '07-editor-approved');

  step('analyst previews the annual report, then publishes it after a confirmation');
  await page.goto(`${BASE}/rapport`);
  const year = await page.inputValue('#year');
  await Promise.all([page.waitForLoadState('load'), page.click('#preview-report')]);
  expect(await page.isVisible('#preview-link'), 'the preview can be read');
  expect(!(await page.isVisible('#live-report')), 'nothing is published yet');
  const beforePublish = dialogs.length;
  await Promise.all([page.waitForLoadState('load'), page.click('#publish-report')]);
  expect(dialogs.length === beforePublish + 1 && lastDialog().type === 'confirm', 'publishing asks first');
  expect(await page.isVisible('#report-published'), 'the report is published');
  expect((await page.textContent('#live-report')).includes(year), `the page says ${year} is live`);
  await shot(page, '07b-report-published');
  await ctx.close();
}

// 3b. The public compares two regions with the country over the years.
{
  const ctx = await strictContext();
  const page = await ctx.newPage();
  step('the explorer compares two regions with the national line');
  await page.goto(`${BASE}/indikatorer`);
  expect((await page.locator('#trend-chart g.series').count()) === 1, 'the national line is there from the start');
  await page.selectOption('#jamfor', ['01', '25']);
  await Promise.all([page.waitForLoadState('load'), page.click('#compare-regions')]);
  const labels = await page.$$eval('#trend-chart g.series', (gs) => gs.map((g) => g.dataset.label));
  expect(labels.length === 3, `the country and two regions (${labels.join(', ')})`);
  expect((await page.locator('#trend-table tbody tr').count()) === 3, 'their values are in a table');
  await shot(page, '07c-explorer-trend');
  await ctx.close();
}

// 3c. An analyst codes a span by selecting it with the mouse, then finds it through search filtered by that code.
{
  const ctx = await strictContext();
  const page = await ctx.newPage();
  await login(page, ANALYST);
  const word = 'omvårdnadspersonal';
  const search = `${BASE}/kvalitativt?q=${encodeURIComponent(word)}&kod=uppgiftsvaxling`;
  step('before coding, the search filtered by the code finds nothing');
  await page.goto(search);
  expect((await page.locator('#traffar li').count()) === 0, 'no hit before the coding');
  step('the analyst selects a word in the document with the mouse');
  await page.goto(`${BASE}/kvalitativt/dokument/nulage-varmland-vardnara-service`);
  const box = await page.evaluate((w) => {
    const root = document.getElementById('doc-text');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.data.indexOf(w);
      if (at < 0) continue;
      const first = document.createRange();
      first.setStart(n, at); first.setEnd(n, at + 1);
      const last = document.createRange();
      last.setStart(n, at + w.length - 1); last.setEnd(n, at + w.length);
      const a = first.getBoundingClientRect(); const b = last.getBoundingClientRect();
      return { x1: a.left + 1, x2: b.right - 1, y: (a.top + a.bottom) / 2 };
    }
    return null;
  }, word);
  expect(box !== null, 'the word is in the text');
  await page.mouse.move(box.x1, box.y);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y, { steps: 8 });
  await page.mouse.up();
  expect((await page.textContent('#selection-preview')).includes(word), 'the selection is shown');
  const [start, end] = [Number(await page.inputValue('#start')), Number(await page.inputValue('#end'))];
  expect(end - start === [...word].length, `the positions span the word (${start}–${end})`);
  await page.selectOption('#code_id', 'uppgiftsvaxling');
  await page.fill('#memo', 'Kompetens används rätt');
  await Promise.all([page.waitForLoadState('load'), page.click('#coding-form button[type=submit]')]);
  expect((await page.textContent('#codings')).includes(word), 'the coding is listed with its text');
  expect((await page.locator(`#doc-text mark[data-codes~=uppgiftsvaxling]`).textContent()) === word, 'and highlighted');
  await shot(page, '07d-document-coded');
  step('the search filtered by that code finds the document again');
  await page.goto(search);
  const hits = await page.$$eval('#traffar li a', (as) => as.map((a) => a.getAttribute('href')));
  expect(hits.length === 1 && hits[0].endsWith('/nulage-varmland-vardnara-service'), `found: ${hits.join(', ')}`);
  expect((await page.textContent('#traffar mark')).toLowerCase().includes(word), 'the match is marked');
  await ctx.close();
}

// 4. A municipality answers through its link: q2a only after q2 = nej, save halfway, come back, submit.
{
  const link = `${BASE}/enkat/${TOKEN}`;
  let ctx = await strictContext();
  let page = await ctx.newPage();
  step('municipality opens its link; q2a appears only after q2 = nej');
  await page.goto(link);
  expect(!(await page.isVisible('#block-q2a')), 'q2a is hidden at first');
  await page.click('label[for=q2-ja]');
  expect(!(await page.isVisible('#block-q2a')), 'q2a stays hidden after ja');
  await page.click('label[for=q2-nej]');
  expect(await page.isVisible('#block-q2a'), 'q2a appears after nej');
  await page.click('label[for=q2a-ja]');
  await shot(page, '08-survey-q2a');
  step('saves halfway and comes back in a new browser');
  await Promise.all([page.waitForLoadState('load'), page.click('#save-survey')]);
  expect(await page.isVisible('#saved-note'), 'the save is confirmed');
  await ctx.close();
  ctx = await strictContext();
  page = await ctx.newPage();
  await page.goto(link);
  expect(await page.isChecked('#q2-nej'), 'q2 = nej was saved');
  expect(await page.isVisible('#block-q2a') && (await page.isChecked('#q2a-ja')), 'q2a shown with its saved answer');
  step('answers the rest and submits');
  const groups = await page.evaluate(() => {
    const names = new Set();
    document.querySelectorAll('#survey-form input[type=radio]').forEach((r) => {
      if (!r.disabled && !r.closest('[hidden]')) names.add(r.name);
    });
    return [...names].filter((n) => !document.querySelector(`input[name="${n}"]:checked`));
  });
  step('a missing answer links to its field');
  await page.click(`input[name="${groups[0]}"] + label`);
  await Promise.all([page.waitForLoadState('load'), page.click('#submit-survey')]);
  expect(lastDialog().type === 'confirm', 'submitting asks first');
  expect(await page.isVisible('#survey-problems'), 'the problems are listed');
  expect(await page.evaluate(() => document.activeElement.id === 'survey-problems'), 'and focused');
  const first = await page.getAttribute('#survey-problems a', 'href');
  await page.click('#survey-problems a');
  expect(await page.evaluate((h) => document.activeElement === document.querySelector(h) || location.hash === h, first),
    `the link leads to the field (${first})`);
  expect(await page.isVisible(`${first}`), 'the field is on the page');
  expect((await page.locator('.invalid').count()) > 0, 'the field is marked');
  step('answers the rest and submits');
  for (const name of groups.slice(1)) {
    await page.click(`input[name="${name}"] + label`);
  }
  await Promise.all([page.waitForLoadState('load'), page.click('#submit-survey')]);
  expect((await page.textContent('h1')).includes('Tack'), 'the response is submitted');
  expect(await page.isVisible('#receipt-answers'), 'a receipt lists what was sent');
  await shot(page, '09-survey-done');
  await ctx.close();
}

// 5. Accessibility: axe-core on the main pages, no serious or critical violations.
//    (axe is injected, so this context bypasses the CSP; the journeys above ran under it.)
{
  const ctx = await browser.newContext({ locale: 'sv-SE', bypassCSP: true });
  const page = await ctx.newPage();
  page.on('dialog', (d) => d.accept());
  const failures = [];
  async function audit(name, url) {
    await page.goto(url);
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(async () =>
      window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    console.log(`  axe ${name}: ${result.violations.length} violations, ${bad.length} serious/critical`);
    for (const v of bad) failures.push(`${name}: ${v.id} (${v.impact}) ${v.help} – ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  step('axe-core accessibility checks');
  await audit('start', `${BASE}/`);
  await audit('login', `${BASE}/logga-in`);
  await audit('survey form', `${BASE}/enkat/${TOKEN2}`);
  await login(page, REGION);
  await audit('region dashboard', `${BASE}/oversikt`);
  await audit('report editor', EDITOR);
  await audit('region profile', `${BASE}/regioner/25`);
  await logout(page);
  await login(page, ANALYST);
  await audit('analyst dashboard', `${BASE}/oversikt`);
  await audit('reports overview', `${BASE}/redovisningar`);
  await audit('agreement allocation', `${BASE}/overenskommelser/professionsmiljarden-2017`);
  await audit('findings', `${BASE}/granskning`);
  await audit('indicators', `${BASE}/indikatorer`);
  await audit('audit log', `${BASE}/handelselogg`);
  await audit('report generation', `${BASE}/rapport`);
  await audit('survey results', `${BASE}/enkater/kommunenkat-2019`);
  await audit('qualitative search', `${BASE}/kvalitativt?q=mobila`);
  await audit('qualitative documents', `${BASE}/kvalitativt`);
  await audit('document', `${BASE}/kvalitativt/dokument/nulage-vgr-mobila-team`);
  await audit('theme', `${BASE}/kvalitativt/teman/mobila-team`);
  await audit('coding analysis', `${BASE}/kvalitativt/analys?a=demo&b=analytiker`);
  // The same checks at phone width, with no sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [name, url] of [['analyst dashboard', '/oversikt'], ['reports overview', '/redovisningar'],
    ['region profile', '/regioner/25'], ['indicators', '/indikatorer'], ['audit log', '/handelselogg'],
    ['document', '/kvalitativt/dokument/nulage-vgr-mobila-team'], ['theme', '/kvalitativt/teman/mobila-team'],
    ['survey results', '/enkater/kommunenkat-2019']]) {
    await audit(`${name} (phone)`, `${BASE}${url}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) failures.push(`${name} (phone): scrolls sideways by ${overflow}px`);
    // Chart text as drawn on the screen: a chart scaled down to the phone
    // would make its 12 px labels 7 px high.
    const [shown, small] = await page.evaluate(() => {
      const heights = [...document.querySelectorAll('svg.chart text')]
        .filter((t) => t.getClientRects().length > 0 && t.textContent.trim() !== '')
        .map((t) => t.getBoundingClientRect().height);
      return [heights.length, heights.filter((h) => h < 11).map((h) => h.toFixed(1))];
    });
    if (small.length > 0) failures.push(`${name} (phone): ${small.length} of ${shown} chart labels under 11 px (${small.slice(0, 5).join(', ')})`);
    if (url === '/enkater/kommunenkat-2019' && shown === 0) failures.push(`${name} (phone): no chart shown`);
  }
  await ctx.close();
  expect(failures.length === 0, `axe found serious or critical violations:\n${failures.join('\n')}`);
}

await browser.close();
expect(cspViolations.length === 0, `pages broke the Content-Security-Policy:\n${cspViolations.join('\n')}`);
console.log('all browser journeys passed');
