// The Date header (RFC 5322 section 3.3, with the obsolete forms of section 4.3) to an
// ISO 8601 instant. Written out rather than left to Date.parse because Date.parse reads a
// date without a zone as local time (so the result would depend on the machine) and
// accepts years like 99999 that no store or UI expects.

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

// Minutes east of UTC. RFC 5322 section 4.3 defines UT, GMT and the US zones; military
// single letters were specified with the wrong sign, so they count as -0000 (unknown,
// taken as UTC). The European ones are common enough in the wild to be worth knowing.
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0,
  edt: -240, est: -300, cdt: -300, cst: -360, mdt: -360, mst: -420, pdt: -420, pst: -480,
  bst: 60, cet: 60, met: 60, west: 60, cest: 120, mest: 120, eet: 120, eest: 180, msk: 180, jst: 540,
};

// [day-of-week ","] day month year hour ":" minute [":" second] [zone], with the
// obsolete liberties: no comma, '-' between date parts, 2- or 3-digit years, seconds
// with fractions, zones as names or without a sign. Beyond the RFC, as mailers write
// them: AM/PM after the time ("10:00:00 PM +0000"), and GMT/UTC before a numeric offset
// ("GMT+08:00", "UTC-5"), where the offset, not the name, is the zone.
const RFC5322_DATE =
  /^(?:[a-z]+\.?\s*,?\s*)?(\d{1,2})[\s-]*([a-z]{3})[a-z]*\.?[\s-]*(\d{2,5})\s+(\d{1,2})\s*:\s*(\d{1,2})(?:\s*:\s*(\d{1,2})(?:[.,]\d+)?)?\s*(?:([ap]m)\b\s*)?(?:(?:gmt|utc?)\s*(?=[+-]))?([+-]\s*(?:\d{1,2}:?\d{2}|\d{1,2})|[a-z]{1,5})?/i;

// A zone Date.parse reads in the loose shapes: a name V8 knows, "Z" after a digit, or a
// sign after the time ("10:00:00 2024 +0100"; the sign test starts at the time so the
// dashes of an ISO date are not taken for one).
const LOOSE_ZONE = /\b(?:UTC?|GMT|Z|[ECMP][SD]T)\b|\dZ\b|\d:\d\d[^+-]*[+-]\d/i;

const MIN_YEAR = 1900;
const MAX_YEAR = 9999;

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone) return 0; // RFC 5322 requires a zone; without one, -0000 ("unknown") is the honest reading
  // "+0100", "+01:00", "+100", or a lone hour ("UTC-5").
  const numeric = /^([+-])\s*(?:(\d{1,2}):?(\d{2})|(\d{1,2}))$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2] ?? numeric[4]) * 60 + Number(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  return ZONES[zone.toLowerCase()] ?? 0;
}

function fullYear(digits: string): number {
  const year = Number(digits);
  // RFC 5322 section 4.3: two-digit years 00-49 are 2000-2049, 50-99 are 1950-1999;
  // three-digit years add 1900.
  if (digits.length === 2) return year < 50 ? 2000 + year : 1900 + year;
  if (digits.length === 3) return 1900 + year;
  return year;
}

/** 12 AM is 0h, 1-11 PM are 13-23h; an hour already past 12 is kept as written. */
function hourOf24(hour: number, meridiem: string | undefined): number {
  if (!meridiem || hour > 12) return hour;
  const pm = meridiem.toLowerCase() === 'pm';
  if (hour === 12) return pm ? 12 : 0;
  return pm ? hour + 12 : hour;
}

function toIso(time: number): string | null {
  if (!Number.isFinite(time)) return null;
  const date = new Date(time);
  const year = date.getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR ? date.toISOString() : null;
}

function parseRfc5322(text: string): number | null | undefined {
  const match = RFC5322_DATE.exec(text);
  if (!match) return undefined;
  const [, day = '', monthName = '', yearDigits = '', hour = '', minute = '', second = '0', meridiem, zone] = match;
  const month = MONTHS[monthName.toLowerCase()];
  const year = fullYear(yearDigits);
  const values = { day: Number(day), hour: hourOf24(Number(hour), meridiem), minute: Number(minute), second: Math.min(Number(second), 59) };
  if (month === undefined || year < MIN_YEAR || year > MAX_YEAR) return null;
  // Day past the month's end (31 Feb) would silently roll over in Date.UTC.
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  if (values.day < 1 || values.day > daysInMonth || values.hour > 23 || values.minute > 59) return null;
  const utc = Date.UTC(year, month, values.day, values.hour, values.minute, values.second);
  return utc - zoneOffsetMinutes(zone) * 60_000;
}

/** Other shapes seen in the wild (ISO 8601, asctime): Date.parse, with a missing zone read as UTC. */
function parseLoosely(text: string): number | null {
  // Only when the text has no zone of its own: V8 lets the last zone win, so an appended
  // GMT would override "GMT+0800" or "+0200".
  const candidates = LOOSE_ZONE.test(text) ? [text] : [`${text} GMT`, `${text}Z`, text];
  for (const candidate of candidates) {
    const time = Date.parse(candidate);
    if (Number.isFinite(time)) return time;
  }
  return null;
}

/** The Date header as an ISO 8601 UTC string, or null when absent, unparsable or outside 1900-9999. */
export function parseHeaderDate(value: string | undefined): string | null {
  if (!value) return null;
  // Comments ("(PST)", "(Coordinated Universal Time)") carry nothing we need.
  const text = value.replace(/\([^()]*\)/g, ' ').trim();
  if (!text || text.length > 200) return null;
  const strict = parseRfc5322(text);
  if (strict !== undefined) return strict === null ? null : toIso(strict);
  // A bare number is not a date a mailer writes; Date.parse would read it as a year.
  if (/^\d+$/.test(text)) return null;
  const loose = parseLoosely(text);
  return loose === null ? null : toIso(loose);
}
