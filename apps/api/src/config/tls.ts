import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import type { AppConfig } from './app-config';
import { ensurePrivateDir, writePrivateFile } from './private-files';

export interface TlsMaterial {
  key: string;
  cert: string;
  certPath: string;
  /** SHA-256 fingerprint, colon-separated hex, as browsers show it. */
  fingerprint: string;
  /** Set when this start generated the certificate: the names and addresses it covers. */
  generatedFor?: string[];
}

/** Renew a generated certificate this long before it expires. */
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;
const VALIDITY_DAYS = 397;

/** The key and certificate to serve HTTPS and WSS with, or null for plain HTTP. */
export async function loadTls(config: AppConfig): Promise<TlsMaterial | null> {
  const { tls } = config;
  switch (tls.mode) {
    case 'off':
      return null;
    case 'files':
      return material(read(tls.keyPath, 'TLS_KEY'), read(tls.certPath, 'TLS_CERT'), tls.certPath);
    case 'self-signed':
      return selfSigned(join(config.dataDir, 'tls'));
  }
}

/** Generated once for this machine's names and addresses, then reused until it nears expiry. */
async function selfSigned(dir: string): Promise<TlsMaterial> {
  const certPath = join(dir, 'self-signed.crt');
  const keyPath = join(dir, 'self-signed.key');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    if (new Date(new X509Certificate(cert).validTo).getTime() - Date.now() > RENEW_BEFORE_MS) {
      return material(readFileSync(keyPath, 'utf8'), cert, certPath);
    }
  }
  const { dnsNames, ips } = machineNames();
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: dnsNames[0] }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + VALIDITY_DAYS * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...dnsNames.map((value) => ({ type: 2 as const, value })),
          ...ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  ensurePrivateDir(dir);
  writePrivateFile(keyPath, pems.private);
  writePrivateFile(certPath, pems.cert);
  return { ...material(pems.private, pems.cert, certPath), generatedFor: [...dnsNames, ...ips] };
}

function machineNames(): { dnsNames: string[]; ips: string[] } {
  const host = hostname().toLowerCase();
  const dnsNames = [...new Set(['localhost', host, ...(host.includes('.') ? [] : [`${host}.local`])])];
  const ips = new Set(['127.0.0.1', '::1']);
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (!address.address.startsWith('fe80')) ips.add(address.address);
  }
  return { dnsNames, ips: [...ips] };
}

function material(key: string, cert: string, certPath: string): TlsMaterial {
  return { key, cert, certPath, fingerprint: new X509Certificate(cert).fingerprint256 };
}

function read(path: string, variable: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Invalid configuration: cannot read ${variable} ${path} (${(error as Error).message})`);
  }
}
