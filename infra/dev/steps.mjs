import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs a command in the repository root, streaming its output; rejects on a non-zero exit. */
export function step(label, command, args, env = process.env) {
  console.log(`\n[${label}] ${command} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${label} failed (${code ?? signal})`))));
  });
}

export async function installIfNeeded() {
  if (!existsSync(`${ROOT}node_modules/.package-lock.json`)) await step('install', 'npm', ['ci', '--no-audit', '--no-fund']);
}
