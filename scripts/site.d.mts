export declare function buildSite(): void;
export declare function startPreview(): Promise<{ url: string; stop: () => void }>;
