/**
 * `npm run release:verify -- <release folder>`: checks offline that every object the
 * template references is in the folder with the right sha256, the manifests match the
 * template, and the template is within limits (lib/release/verify.ts). Exits 1 with the
 * list of problems otherwise.
 */
import { resolve } from 'node:path';
import { verifyRelease } from '../../lib/release/verify.js';

const [dir] = process.argv.slice(2).filter((a) => a !== '--');
if (!dir) {
  console.error('usage: npm run release:verify -- <release folder>');
  process.exit(2);
}
const { problems, versions, objectsChecked } = verifyRelease(resolve(dir));
if (problems.length > 0) {
  console.error(`release:verify: ${problems.length} problem(s) in ${dir}:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`release:verify: ${dir} is complete: version ${versions.join(', ')}, ${objectsChecked} objects match their sha256.`);
