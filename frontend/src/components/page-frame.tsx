/** The top of every signed-in page: the document title, the one h1 and a sentence on what the page is for. */
import type { ReactNode } from 'react';
import { usePageTitle } from './use-page-title.js';

export function PageFrame({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <div className="page">
      <div className="page-header">
        <h1>{title}</h1>
        <p className="muted">{description}</p>
      </div>
      {children}
    </div>
  );
}
