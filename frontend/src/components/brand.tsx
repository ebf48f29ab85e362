/** The product mark and name; links home. */
import { Link } from 'react-router-dom';
import { PRODUCT_NAME } from './use-page-title.js';

export function Brand() {
  return (
    <Link to="/" className="brand">
      <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="7" />
        <path d="M9 11.5 16 8l7 3.5-7 3.5zM9 16l7 3.5 7-3.5M9 20.5l7 3.5 7-3.5" />
      </svg>
      <span className="brand-name">{PRODUCT_NAME}</span>
    </Link>
  );
}
