// Date headers in the shapes mailers really write, beyond RFC 5322: a wrong zone puts a
// message hours away from where it belongs in a list sorted by date.
import { describe, expect, it } from 'vitest';
import { parseHeaderDate } from '../../../electron/hub/mime/header-date';

describe('parseHeaderDate: non-RFC shapes keep their own zone', () => {
  it.each([
    ['Mon Jan 08 2024 10:00:00 GMT+0800 (China Standard Time)', '2024-01-08T02:00:00.000Z'], // JavaScript Date#toString
    ['2024-01-08 10:00:00 +0200', '2024-01-08T08:00:00.000Z'],
    ['Jan 8 2024 10:00:00 +0100', '2024-01-08T09:00:00.000Z'],
    ['Mon Jan 8 10:00:00 EST 2024', '2024-01-08T15:00:00.000Z'], // date(1)
    ['Mon Jan 8 10:00:00 2024 +0100', '2024-01-08T09:00:00.000Z'],
  ])('%s is %s', (value, expected) => {
    expect(parseHeaderDate(value)).toBe(expected);
  });

  it('still reads these shapes without a zone as UTC', () => {
    expect(parseHeaderDate('2024-01-08 10:00:00')).toBe('2024-01-08T10:00:00.000Z');
    expect(parseHeaderDate('Mon Jan  8 10:00:00 2024')).toBe('2024-01-08T10:00:00.000Z');
    expect(parseHeaderDate('Monday, January 8, 2024 10:00 AM')).toBe('2024-01-08T10:00:00.000Z');
  });
});

describe('parseHeaderDate: RFC 5322 dates with GMT/UTC offsets and AM/PM', () => {
  it.each([
    ['Thu, 14 Mar 2019 10:37:25 GMT+08:00', '2019-03-14T02:37:25.000Z'],
    ['Thu, 14 Mar 2019 10:37:25 GMT+0800', '2019-03-14T02:37:25.000Z'],
    ['Mon, 8 Jan 2024 10:00:00 UTC-5', '2024-01-08T15:00:00.000Z'],
    ['Mon, 8 Jan 2024 10:00:00 PM +0000', '2024-01-08T22:00:00.000Z'],
    ['Mon, 8 Jan 2024 10:00:00 PM EST', '2024-01-09T03:00:00.000Z'],
    ['Mon, 8 Jan 2024 12:30:00 AM +0000', '2024-01-08T00:30:00.000Z'],
    ['Mon, 8 Jan 2024 12:30:00 PM +0000', '2024-01-08T12:30:00.000Z'],
  ])('%s is %s', (value, expected) => {
    expect(parseHeaderDate(value)).toBe(expected);
  });

  it('keeps the zones it already read', () => {
    expect(parseHeaderDate('Mon, 8 Jan 2024 10:00:00 GMT')).toBe('2024-01-08T10:00:00.000Z');
    expect(parseHeaderDate('Mon, 8 Jan 2024 10:00:00 +100')).toBe('2024-01-08T09:00:00.000Z');
    expect(parseHeaderDate('Mon, 8 Jan 2024 10:00:00 +0100 CET')).toBe('2024-01-08T09:00:00.000Z');
  });
});
