/**
 * The part of playwright-core's API the e2e tests use, typed here because playwright-core is not a dependency of
 * the project: scripts/setup-e2e.sh installs it into .tools/e2e/ and `loadPlaywright` requires it from there.
 * (The shapes are playwright-core 1.65's; only what is called is declared.)
 */

export interface LocatorOptions {
  hasText?: string | RegExp;
  has?: Locator;
}

export interface Locator {
  locator(selector: string, options?: LocatorOptions): Locator;
  filter(options: LocatorOptions): Locator;
  first(): Locator;
  nth(index: number): Locator;
  waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  click(options?: { timeout?: number; position?: { x: number; y: number } }): Promise<void>;
  dblclick(options?: { timeout?: number }): Promise<void>;
  fill(value: string, options?: { timeout?: number }): Promise<void>;
  count(): Promise<number>;
  innerText(options?: { timeout?: number }): Promise<string>;
  textContent(options?: { timeout?: number }): Promise<string | null>;
  allInnerTexts(): Promise<string[]>;
  allTextContents(): Promise<string[]>;
  getAttribute(name: string, options?: { timeout?: number }): Promise<string | null>;
  isVisible(): Promise<boolean>;
  evaluateAll<R>(fn: (elements: Element[]) => R): Promise<R>;
  elementHandle(options?: { timeout?: number }): Promise<ElementHandle | null>;
  screenshot(options: { path: string }): Promise<Buffer>;
}

export interface FrameLocator {
  locator(selector: string, options?: LocatorOptions): Locator;
  frameLocator(selector: string): FrameLocator;
}

export interface ElementHandle {
  contentFrame(): Promise<Frame | null>;
}

export interface Frame {
  url(): string;
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
}

export interface ConsoleMessage {
  type(): string;
  text(): string;
}

export interface Keyboard {
  press(key: string): Promise<void>;
  type(text: string, options?: { delay?: number }): Promise<void>;
}

export interface Page {
  goto(url: string, options?: { timeout?: number }): Promise<unknown>;
  locator(selector: string, options?: LocatorOptions): Locator;
  frameLocator(selector: string): FrameLocator;
  keyboard: Keyboard;
  mouse: { move(x: number, y: number): Promise<void> };
  screenshot(options: { path: string; fullPage?: boolean }): Promise<Buffer>;
  waitForTimeout(ms: number): Promise<void>;
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  on(event: 'console', listener: (message: ConsoleMessage) => void): void;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  on(event: 'dialog', listener: (dialog: { message(): string; dismiss(): Promise<void> }) => void): void;
}

export interface BrowserContext {
  pages(): Page[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface Playwright {
  chromium: {
    launchPersistentContext(
      userDataDir: string,
      options: {
        executablePath: string;
        headless: boolean;
        args: string[];
        viewport: { width: number; height: number };
        deviceScaleFactor?: number;
        env?: NodeJS.ProcessEnv;
        timeout?: number;
      },
    ): Promise<BrowserContext>;
  };
}

export function loadPlaywright(modulePath: string): Playwright {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(modulePath) as Playwright;
}
