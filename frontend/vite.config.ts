/**
 * Builds the SPA into frontend/dist. The same bundle is uploaded to S3 behind CloudFront
 * and served by the local runtime; nothing environment-specific is baked in: the SPA
 * reads `/config.json` at start-up instead.
 *
 * `--mode vendor` builds the vendor console (frontend/vendor/index.html) into
 * frontend/dist/vendor instead, with its own assets, so the control plane serves that
 * folder as its whole site (a different origin from any installation). It runs after the
 * SPA's build, whose emptyOutDir would otherwise remove it.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ mode }) => {
  const vendor = mode === 'vendor';
  return {
    root: vendor ? fileURLToPath(new URL('./vendor', import.meta.url)) : root,
    base: '/',
    publicDir: fileURLToPath(new URL('./public', import.meta.url)),
    plugins: [react()],
    build: {
      outDir: fileURLToPath(new URL(vendor ? './dist/vendor' : './dist', import.meta.url)),
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
    },
    server: {
      // The SPA imports the shared wire schemas from ../functions.
      fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    },
  };
});
