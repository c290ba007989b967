import type { SpecialUse } from '../../../shared/model';

// Simple 16×16 line icons (inline SVG: no icon font, no emoji font needed).
const paths: Record<SpecialUse | 'folder', string> = {
  '\\Inbox': 'M2 9h3l1 2h4l1-2h3M2 9l2-6h8l2 6v4H2z',
  '\\Sent': 'M2 8l12-5-5 12-2-5z',
  '\\Drafts': 'M3 13l1-3 7-7 2 2-7 7zM10 4l2 2',
  '\\Trash': 'M3 4h10M6 4V2h4v2M4 4l1 10h6l1-10',
  '\\Junk': 'M8 2l6 11H2zM8 6v3M8 11v.5',
  '\\Archive': 'M2 3h12v3H2zM3 6v7h10V6M6 9h4',
  '\\All': 'M3 3h10v10H3zM5 6h6M5 9h6',
  '\\Flagged': 'M8 2l1.8 3.8 4.2.5-3.1 2.9.8 4.1L8 11.3 4.3 13.3l.8-4.1L2 6.3l4.2-.5z',
  folder: 'M2 4h4l1 1h7v8H2z',
};

export function MailboxIcon({ specialUse }: { specialUse: SpecialUse | null }) {
  return (
    <svg className="icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" data-icon={specialUse ?? 'folder'}>
      <path d={paths[specialUse ?? 'folder']} fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
