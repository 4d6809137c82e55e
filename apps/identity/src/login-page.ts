import type { DemoUser } from './users.js';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A plain sign-in form listing the demo users (this provider exists for development only). */
export function loginPage(uid: string, users: readonly DemoUser[], demoPassword: string, error?: string): string {
  const rows = users
    .map(
      (u) =>
        `<tr><td><code>${escape(u.username)}</code></td><td>${escape(u.name)}</td><td>${escape(u.roles.join(', '))}</td><td>${escape(u.locations === '*' ? 'every location' : u.locations.join(', '))}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Sign in to Chairside</title>
<main><h1>Sign in to Chairside (development)</h1>${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>User <input name="username" autocomplete="username" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>
<p>Demo users (password <code>${escape(demoPassword)}</code>):</p>
<table><thead><tr><th>user</th><th>name</th><th>roles</th><th>locations</th></tr></thead><tbody>${rows}</tbody></table></main></html>`;
}
