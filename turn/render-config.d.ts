export declare function render(env: Record<string, string | undefined>, template?: string): string;
