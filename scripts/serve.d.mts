export declare function serveStatic(
  root?: string,
  options?: { base?: string; compress?: boolean },
): Promise<{ url: string; stop: () => void }>;
