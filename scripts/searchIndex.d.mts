import type { AstroIntegration } from 'astro';
import type { PagefindServiceConfig } from 'pagefind';
export declare const searchFolder: string;
export declare const indexConfig: PagefindServiceConfig;
export declare function searchIndex(): AstroIntegration;
