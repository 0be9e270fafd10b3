export declare const MIN_SECRET_LENGTH: number;
export declare function render(env: Record<string, string | undefined>, template?: string): string;
