// How dates, senders and sizes read in the list and the reader.
import type { EmailAddress, MessageSummary } from '../../../shared/model';

export function senderLabel(message: MessageSummary): string {
  return message.from ? message.from.name || message.from.address : '(no sender)';
}

export function addressLabel(address: EmailAddress): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

// Formatters are built once, on first use: constructing Intl formatters (what
// toLocale*String does on every call) was the costliest part of painting rows,
// and building them at module load would delay the app's start instead.
const formats = new Map<string, Intl.DateTimeFormat>();
function format(key: 'time' | 'dayMonth' | 'fullDay' | 'dateTime'): Intl.DateTimeFormat {
  let found = formats.get(key);
  if (!found) {
    const options: Record<typeof key, Intl.DateTimeFormatOptions> = {
      time: { hour: '2-digit', minute: '2-digit' },
      dayMonth: { day: 'numeric', month: 'short' },
      fullDay: { year: 'numeric', month: 'short', day: 'numeric' },
      dateTime: { dateStyle: 'medium', timeStyle: 'short' },
    };
    found = new Intl.DateTimeFormat(undefined, options[key]);
    formats.set(key, found);
  }
  return found;
}

/**
 * Builds the list's date formatters and formats once. The first Intl formatting
 * in a page loads the locale's data (tens of milliseconds on a busy machine):
 * the entry calls this while the first rows are still on their way, so their
 * render does not pay it.
 */
export function prepareListDates(): void {
  for (const key of ['time', 'dayMonth', 'fullDay'] as const) format(key).format(0);
}

/** Today: the time; this year: day and month; older: the full date. */
export function listDate(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  if (date.toDateString() === now.toDateString()) return format('time').format(date);
  if (date.getFullYear() === now.getFullYear()) return format('dayMonth').format(date);
  return format('fullDay').format(date);
}

export function fullDate(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : format('dateTime').format(date);
}

/** More apart than this, the sender's date is shown beside the arrival's (readerDate). */
const SENT_APART_MS = 10 * 60_000;

/**
 * The reader's date: when the message arrived, as the list shows it and sorts by it, with the
 * date the sender wrote where that is more than ten minutes away (mail held up on its way, or
 * dated wrong). QA saw 05:50 in the list and 4:50 in the reader for the same message.
 */
export function readerDate(receivedAt: string, sent: string | null): string {
  const received = fullDate(receivedAt);
  const sentAt = sent ? new Date(sent).getTime() : Number.NaN;
  if (!received) return fullDate(sent);
  if (Number.isNaN(sentAt) || Math.abs(sentAt - new Date(receivedAt).getTime()) <= SENT_APART_MS) return received;
  return `${received} (sent ${fullDate(sent)})`;
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
