/** Every page names itself in the document title, which is what a screen reader announces on navigation. */
import { useEffect } from 'react';

export const PRODUCT_NAME = 'Ownstack';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · ${PRODUCT_NAME}`;
  }, [title]);
}
