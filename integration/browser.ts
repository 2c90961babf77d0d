import { freePort, type ManagedProcess, WORKSPACE_ROOT } from '@sme/testing';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { SystemUnderTest } from './harness';

const SHOTS = join(WORKSPACE_ROOT, '.local/screenshots');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** axe-core's source, evaluated in the page (the app's Content-Security-Policy rightly refuses an injected <script>). */
const AXE = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

/** The phone and desktop sizes every role's day is walked at (issue: screens people work in all day). */
export const PHONE = { width: 390, height: 844 };
export const TABLET = { width: 768, height: 1024 };
export const DESKTOP = { width: 1440, height: 900 };

/** An axe-core finding the browser tests fail on. */
export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * The whole system with the web gateway in front of it and Debian's Chromium driven by playwright-core (nothing
 * downloaded), for the browser tests: one page, signed in as the seeded users, screenshots in .local/screenshots.
 */
export class WebUnderTest {
  private constructor(
    readonly sut: SystemUnderTest,
    private readonly web: ManagedProcess,
    readonly base: string,
    private readonly browser: Browser,
    readonly page: Page,
    private readonly shotPrefix: string,
  ) {}

  /** Starts the services on a fresh database `database`, the gateway, and a browser in Chinese on a US clock. */
  /**
   * `reducedMotion`: the browser asks for less motion, as a person may in their system's settings; the screens then
   * change without animating (antd's motion off), so a walk checks each screen as it settles without waiting out
   * transitions.
   */
  static async start(database: string, opts: { shotPrefix?: string; viewport?: { width: number; height: number }; env?: Record<string, string>; webPort?: number; reducedMotion?: boolean } = {}): Promise<WebUnderTest> {
    mkdirSync(SHOTS, { recursive: true });
    const port = opts.webPort ?? (await freePort());
    // Links in emails and single sign-on's redirects point at this gateway.
    const sut = await SystemUnderTest.start(database, { PUBLIC_URL: `http://127.0.0.1:${port}`, ...opts.env });
    // What started is stopped if the rest fails: the spec's afterAll has nothing to stop yet, and a service left
    // running would keep jest from exiting.
    let web: ManagedProcess | undefined;
    let browser: Browser;
    try {
      web = await sut.startGateway(port);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    } catch (err) {
      await web?.stop().catch(() => undefined);
      await sut.stop().catch(() => undefined);
      throw err;
    }
    // Business dates must not depend on the browser's zone: it runs far from Asia/Shanghai on purpose.
    const page = await browser.newPage({
      locale: 'zh-CN', timezoneId: 'America/Los_Angeles', acceptDownloads: true,
      reducedMotion: opts.reducedMotion ? 'reduce' : 'no-preference',
      ...(opts.viewport ? { viewport: opts.viewport } : {}),
    });
    const w = new WebUnderTest(sut, web, `http://127.0.0.1:${port}`, browser, page, opts.shotPrefix ?? '');
    page.on('pageerror', (err) => w.pageErrors.push(err.message));
    page.on('request', () => w.inFlight++);
    page.on('requestfinished', () => w.inFlight--);
    page.on('requestfailed', () => w.inFlight--);
    return w;
  }

  /** Requests the page has sent and not yet had answered. */
  private inFlight = 0;

  /**
   * The screen's requests answered: none in flight for `quietMs` (a shorter wait than playwright's 'networkidle',
   * which always waits 500 ms, for walks over many screens).
   */
  async settled(quietMs = 150, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quietSince = Date.now();
    while (Date.now() - quietSince < quietMs) {
      if (Date.now() > deadline) throw new Error(`requests still in flight after ${timeoutMs} ms`);
      await new Promise((done) => setTimeout(done, 25));
      if (this.inFlight > 0) quietSince = Date.now();
    }
  }

  /**
   * Opens a screen of the signed-in app as a link in it would (the router follows the address; nothing reloads), and
   * waits until its requests are answered.
   */
  async visit(path: string): Promise<void> {
    await this.page.evaluate(`history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'))`);
    await this.page.waitForURL((url) => url.pathname + url.search === path);
    await this.settled();
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.web?.stop();
    await this.sut?.stop();
  }

  /** Errors thrown in the page (uncaught exceptions), collected from the start: a walk fails on any. */
  readonly pageErrors: string[] = [];

  /**
   * What a screen must be on every size: no sideways scrolling (the document no wider than the window) and no serious
   * or critical axe-core finding (WCAG 2 A/AA: labels, contrast, names of buttons and links...). Returns what is wrong,
   * so a test can name the screen and list everything at once.
   */
  async screenProblems(opts: { sideways?: boolean } = {}): Promise<string[]> {
    const { page } = this;
    const problems: string[] = [];
    // The screen as it settles, not mid-transition: a closing dropdown, a fading help text or a menu item changing
    // colour is checked once its animations end, and those that a re-render started meanwhile (finite ones only: a
    // spinner turns for ever; at most 3 s in all).
    await page.evaluate(`(async () => {
      const until = performance.now() + 3000;
      const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      for (;;) {
        const moving = document.getAnimations().filter((a) => a.playState === 'running' && Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity));
        if (moving.length === 0 || performance.now() > until) return frame();
        await Promise.race([Promise.all(moving.map((a) => a.finished.catch(() => undefined))), new Promise((done) => setTimeout(done, until - performance.now()))]);
        await frame();
      }
    })()`);
    // Page-side code as text: this project's test typings have no DOM.
    const width = await page.evaluate<{ doc: number; win: number }>('({ doc: document.documentElement.scrollWidth, win: window.innerWidth })');
    if (opts.sideways !== false && width.doc > width.win) {
      const widest = await page.evaluate<string[]>(`Array.from(document.querySelectorAll('body *'))
        .filter((el) => { const r = el.getBoundingClientRect(); return r.right > window.innerWidth + 1 && r.width > 0 && getComputedStyle(el).position !== 'fixed'; })
        .slice(-5).map((el) => el.tagName.toLowerCase() + '.' + String(el.className).split(' ')[0] + ' right=' + Math.round(el.getBoundingClientRect().right))`);
      problems.push(`scrolls sideways: ${width.doc}px in a ${width.win}px window (${widest.join('; ')})`);
    }
    if (!(await page.evaluate<boolean>(`'axe' in window`))) await page.evaluate(`${AXE}\n;true`);
    const findings = await page.evaluate<AxeFinding[]>(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
      .then((res) => res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + (n.any[0] ? ' (' + n.any[0].message + ')' : '')) })))`);
    for (const f of findings) if (f.impact === 'serious' || f.impact === 'critical') problems.push(`axe ${f.impact} ${f.id}: ${f.help} at ${f.targets.join(', ')}`);
    problems.push(...this.pageErrors.splice(0).map((e) => `page error: ${e}`));
    return problems;
  }

  /** Sets the window size (the layout follows at once: antd's breakpoints listen to resizes). */
  async resize(size: { width: number; height: number }): Promise<void> {
    await this.page.setViewportSize(size);
  }

  shot(name: string): Promise<Buffer> {
    return this.page.screenshot({ path: join(SHOTS, `${this.shotPrefix}${name}.png`), fullPage: true, animations: 'disabled' });
  }

  async signIn(username: string): Promise<void> {
    const { page } = this;
    await page.goto(`${this.base}/sign-in`);
    if (await page.getByTestId('sign-out').count()) {
      await page.getByTestId('sign-out').click(); // a failed test may leave someone in
      await page.goto(`${this.base}/sign-in`);
    }
    await page.getByTestId('username').fill(username);
    await page.getByTestId('password').fill(`${username}-dev`);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('who').waitFor();
  }

  /** Signs out from the header (a drawer left open covers it: leave the screen first). */
  async signOut(): Promise<void> {
    await this.page.goto(this.base);
    await this.page.getByTestId('sign-out').click();
    await this.page.getByTestId('go-sign-in').waitFor();
  }

  /** An input by test id, wherever antd put the attribute (on the input, or on its wrapper). */
  input(testId: string) {
    return this.page.locator(`input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  }

  fill(testId: string, value: string): Promise<void> {
    return this.input(testId).fill(value);
  }

  /**
   * Picks an option of an antd Select by its visible text, and waits until the select shows it: a click that landed
   * while the list was still opening (seen under load: a multiple select kept two of three) is made once more.
   */
  async choose(testId: string, text: string): Promise<void> {
    // One list open at a time: a click while another is still open (or fading out) would only close that one.
    const open = this.page.locator('.ant-select-dropdown:visible');
    const select = this.page.getByTestId(testId);
    const shown = select.filter({ hasText: text });
    await open.first().waitFor({ state: 'hidden' });
    for (let attempt = 1; ; attempt++) {
      if (!(await open.count())) await select.click();
      await open.first().locator('.ant-select-item-option').filter({ hasText: text }).first().click();
      try {
        await shown.waitFor({ timeout: 3000 });
        return;
      } catch (err) {
        if (await shown.count()) return;
        if (attempt === 2) throw err;
      }
    }
  }
}
