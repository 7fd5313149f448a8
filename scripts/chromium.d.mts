export declare const chromiumFlags: string[];
export declare function findChromium(options?: { headlessShell?: boolean }): string;
