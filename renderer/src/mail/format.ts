// How dates, senders and sizes read in the list and the reader.
import type { EmailAddress, MessageSummary } from '../../../shared/model';

export function senderLabel(message: MessageSummary): string {
  return message.from ? message.from.name || message.from.address : '(no sender)';
}

export function addressLabel(address: EmailAddress): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

// Formatters are built once: constructing Intl formatters (what toLocale*String
// does on every call) was the costliest part of painting the first rows.
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayMonthFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const fullDayFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Today: the time; this year: day and month; older: the full date. */
export function listDate(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  if (date.toDateString() === now.toDateString()) return timeFormat.format(date);
  if (date.getFullYear() === now.getFullYear()) return dayMonthFormat.format(date);
  return fullDayFormat.format(date);
}

export function fullDate(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateTimeFormat.format(date);
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
