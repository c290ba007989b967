// @vitest-environment jsdom
// The link page shows the address a link really opens. A right-to-left override (U+202E) in it
// made "https://ok.example/\u202Egnp.exe" read "https://ok.example/exe.png" there, while
// "Open link" opened the .exe: the page whose job is to show the real address showed another.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { LinkConfirm } from '../../renderer/src/components/LinkConfirm';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const showLinkPage = (to: string): void => {
  window.location.hash = `to=${encodeURIComponent(to)}`;
  render(<LinkConfirm />);
};

it('writes out bidi overrides and other invisible characters in the address, and says so', () => {
  showLinkPage('https://ok.example/\u202Egnp.exe');
  expect(screen.getByTestId('real-url').textContent).toBe('https://ok.example/[U+202E]gnp.exe');
  expect(screen.getByTestId('hidden-characters').textContent).toContain('invisible characters');
});

it('shows an ordinary address as it is, without the warning', () => {
  showLinkPage('https://example.test/a?b=c#d');
  expect(screen.getByTestId('real-url').textContent).toBe('https://example.test/a?b=c#d');
  expect(screen.queryByTestId('hidden-characters')).toBeNull();
});
