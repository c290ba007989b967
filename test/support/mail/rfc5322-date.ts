const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** RFC 5322 date for `instant` as seen in a zone `offsetMinutes` east of UTC. */
export function formatRfc5322Date(instant: Date, offsetMinutes = 0): string {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(offsetMinutes);
  return (
    `${DAY_NAMES[local.getUTCDay()]}, ${pad2(local.getUTCDate())} ${MONTH_NAMES[local.getUTCMonth()]} ` +
    `${local.getUTCFullYear()} ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:` +
    `${pad2(local.getUTCSeconds())} ${sign}${pad2(Math.floor(offset / 60))}${pad2(offset % 60)}`
  );
}
