/**
 * Builds the SPA into frontend/dist. The same bundle is uploaded to S3 behind CloudFront
 * and served by the local runtime; nothing environment-specific is baked in: the SPA
 * reads `/config.json` at start-up instead.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    // The SPA imports the shared wire schemas from ../functions.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
