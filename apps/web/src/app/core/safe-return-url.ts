/** Accepts only in-app paths so a crafted login link cannot send the user to another site. */
export function safeReturnUrl(value: string | null | undefined, fallback = '/rooms'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (value === '/login' || value.startsWith('/login?')) return fallback;
  return value;
}
