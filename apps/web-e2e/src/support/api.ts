import type { LoginResponse } from '@webrtc-call/signaling-contracts';
import { PASSWORD } from './ui';

/** Logs in over REST as another device of the same person would: it gets a token of its own. */
export async function loginThroughApi(baseUrl: string, username: string): Promise<LoginResponse> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`login of ${username} answered ${response.status}`);
  return (await response.json()) as LoginResponse;
}

export interface ApiAnswer<T> {
  status: number;
  /** The parsed JSON body; null when there is none. */
  body: T | null;
}

/** Calls `/api<path>` with `token` as the bearer. */
export async function callApi<T = unknown>(
  baseUrl: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  token: string,
): Promise<ApiAnswer<T>> {
  const response = await fetch(`${baseUrl}/api${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as T) : null };
}
