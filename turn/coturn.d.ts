export declare const DEV_CONFIG: string;
export declare function findTurnserver(): string | null;
export declare function stunBinding(port: number, host?: string, timeoutMs?: number): Promise<boolean>;
export interface RunningCoturn {
  port: number;
  pid: number | undefined;
  uris: string[];
  exited: Promise<{ code: number | null; signal: string | null }>;
  stop(): Promise<void>;
}
export declare function startCoturn(options: {
  secrets: string[];
  port?: number;
  workDir: string;
  config?: string;
  extraArgs?: string[];
  output?: 'ignore' | 'inherit';
  /** Listen, relay and announce on this address instead of 127.0.0.1 (no loopback peers then). */
  address?: string;
  /** The address clients reach `address` by, when a 1:1 NAT sits in between (coturn's external-ip). */
  externalIp?: string;
}): Promise<RunningCoturn>;
