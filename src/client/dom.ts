// Moved to src/ui/: kept while the presenter still imports it from here.
export * from '../ui/dom';
