import { useMemo } from 'react';
import { linkThroughPage } from '../mail/link-page';
import { linkRuns } from '../mail/plain-text-links';

/**
 * A plain-text body with its web and mail addresses as links. Each link opens the link page, as
 * a link in HTML mail does (link-page.ts); the text is React text, never markup.
 */
export function PlainTextBody({ text, linkPage }: { text: string; linkPage: string }) {
  const runs = useMemo(() => linkRuns(text), [text]);
  return (
    <pre className="reader-body plain-text" data-testid="plain-text">
      {runs.map((run, index) =>
        run.url === undefined ? (
          run.text
        ) : (
          <a key={index} {...linkThroughPage(run.url, linkPage)} data-testid="plain-text-link">
            {run.text}
          </a>
        ),
      )}
    </pre>
  );
}
