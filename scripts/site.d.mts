export declare function buildSite(options?: { base?: string; outDir?: string }): void;
export declare function startPreview(): Promise<{ url: string; stop: () => void }>;
