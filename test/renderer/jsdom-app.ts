// What the renderer's component tests share when they render the app's panes in jsdom against
// the stand-in hub of ws-test-server.ts.
import type { WsTestServer } from './ws-test-server';

/**
 * jsdom does no layout, and lacks the two layout APIs the message list calls (it follows its
 * height with a ResizeObserver, and scrolls a new list to the top): its height stays 0 and it
 * renders its overscan rows.
 */
export function stubLayoutApis(): void {
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
  Element.prototype.scrollTo ??= () => {};
}

/** The preload bridge as the desktop app has it, pointing the renderer at `server`. */
export function bridgeTo(server: WsTestServer): void {
  window.mailmind = {
    getHubConnection: async () => ({ wsUrl: server.wsUrl, apiUrl: `http://127.0.0.1:${server.port}`, token: 'tok-a' }),
    onOpenMessage: () => () => {},
  };
}
