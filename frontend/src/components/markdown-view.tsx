/**
 * Renders a document's markdown for reading and for the editor's preview. Safe by two
 * layers: `marked` turns raw HTML in the source into escaped text (a document never injects
 * markup), and DOMPurify then keeps only the tags markdown itself produces and drops
 * `javascript:` and other non-http(s)/mailto links. See docs/ui.md ("Markdown").
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { useMemo } from 'react';

const ALLOWED_TAGS = [
  'a',
  'blockquote',
  'br',
  'code',
  'del',
  'em',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'img',
  'li',
  'ol',
  'p',
  'pre',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];
const ALLOWED_ATTR = ['href', 'title', 'alt', 'src', 'align', 'start'];
const SAFE_URL = /^(?:https?:|mailto:|#|\/(?!\/))/i;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    // Raw HTML blocks and inline tags are shown as the text the author typed.
    html: ({ text }) => escapeHtml(text),
    // The page has its h1 and the section its h2: "# Title" in a document reads as an h3.
    heading({ tokens, depth }) {
      const level = Math.min(depth + 2, 6);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    // A task list's checkbox would be an unlabelled control; the item reads "[x] …" instead.
    checkbox: ({ checked }) => (checked ? '[x] ' : '[ ] '),
  },
});

let hooked = false;
function purifier() {
  if (!hooked) {
    // Links and images only to safe schemes; links open outside the app.
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      for (const attribute of ['href', 'src']) {
        const value = node.getAttribute(attribute);
        if (value !== null && !SAFE_URL.test(value.trim())) node.removeAttribute(attribute);
      }
      if (node.tagName === 'A' && node.hasAttribute('href')) {
        node.setAttribute('rel', 'noopener noreferrer nofollow');
        node.setAttribute('target', '_blank');
      }
    });
    hooked = true;
  }
  return DOMPurify;
}

export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false });
  return purifier().sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, ADD_ATTR: ['target', 'rel'] });
}

export function MarkdownView({ source }: { source: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  if (!source.trim()) return <p className="muted">Nothing written yet.</p>;
  return (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized above (raw HTML escaped, then DOMPurify with a markdown-only allowlist)
    <div className="markdown-body" dangerouslySetInnerHTML={{ __html: html }} />
  );
}
