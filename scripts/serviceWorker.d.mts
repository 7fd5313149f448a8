import type { AstroIntegration } from 'astro';
export declare function serviceWorker(buildId: string): AstroIntegration;
